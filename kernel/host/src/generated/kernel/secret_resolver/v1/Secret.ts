// Original file: kernel/secret_resolver/v1/secret_resolver.proto


/**
 * A reference to a secret in a secret store.
 */
export interface _kernel_secret_resolver_v1_Secret_Reference {
  /**
   * Name of the secret in the store.
   */
  'name'?: (string);
  /**
   * One field of a secret that holds several; empty for the whole secret.
   */
  'key'?: (string);
}

/**
 * A reference to a secret in a secret store.
 */
export interface _kernel_secret_resolver_v1_Secret_Reference__Output {
  /**
   * Name of the secret in the store.
   */
  'name': (string);
  /**
   * One field of a secret that holds several; empty for the whole secret.
   */
  'key': (string);
}

// Original file: kernel/secret_resolver/v1/secret_resolver.proto

/**
 * Secret kinds.
 */
export const _kernel_secret_resolver_v1_Secret_Type = {
  UNKNOWN: 'UNKNOWN',
  REFERENCE: 'REFERENCE',
  VALUE: 'VALUE',
} as const;

/**
 * Secret kinds.
 */
export type _kernel_secret_resolver_v1_Secret_Type =
  | 'UNKNOWN'
  | 0
  | 'REFERENCE'
  | 1
  | 'VALUE'
  | 2

/**
 * Secret kinds.
 */
export type _kernel_secret_resolver_v1_Secret_Type__Output = typeof _kernel_secret_resolver_v1_Secret_Type[keyof typeof _kernel_secret_resolver_v1_Secret_Type]

/**
 * A secret passed by value.
 */
export interface _kernel_secret_resolver_v1_Secret_Value {
  /**
   * The secret's bytes.
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * A secret passed by value.
 */
export interface _kernel_secret_resolver_v1_Secret_Value__Output {
  /**
   * The secret's bytes.
   */
  'data': (Buffer);
}

/**
 * Secret mirrors mesos.v1.Secret, field for field and number for number (wire compatible).
 */
export interface Secret {
  /**
   * REFERENCE or VALUE.
   */
  'type'?: (_kernel_secret_resolver_v1_Secret_Type);
  /**
   * Set when type is REFERENCE.
   */
  'reference'?: (_kernel_secret_resolver_v1_Secret_Reference | null);
  /**
   * Set when type is VALUE.
   */
  'value'?: (_kernel_secret_resolver_v1_Secret_Value | null);
}

/**
 * Secret mirrors mesos.v1.Secret, field for field and number for number (wire compatible).
 */
export interface Secret__Output {
  /**
   * REFERENCE or VALUE.
   */
  'type': (_kernel_secret_resolver_v1_Secret_Type__Output);
  /**
   * Set when type is REFERENCE.
   */
  'reference': (_kernel_secret_resolver_v1_Secret_Reference__Output | null);
  /**
   * Set when type is VALUE.
   */
  'value': (_kernel_secret_resolver_v1_Secret_Value__Output | null);
}
