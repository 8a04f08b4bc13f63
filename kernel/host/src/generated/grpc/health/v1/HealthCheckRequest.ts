// Original file: grpc/health/v1/health.proto


export interface HealthCheckRequest {
  /**
   * Service to check; "" is the server as a whole, "module" the Plateau module.
   */
  'service'?: (string);
}

export interface HealthCheckRequest__Output {
  /**
   * Service to check; "" is the server as a whole, "module" the Plateau module.
   */
  'service': (string);
}
