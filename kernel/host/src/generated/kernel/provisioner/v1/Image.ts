// Original file: kernel/provisioner/v1/provisioner.proto


/**
 * Image references an image to provision (Mesos Image of type DOCKER).
 */
export interface Image {
  /**
   * Image reference: "busybox", "library/busybox:1.36", "registry.example.com/ns/app@sha256:...".
   */
  'name'?: (string);
  /**
   * Fetch the manifest again even when the image is cached (Mesos Image.cached = false).
   */
  'forcePull'?: (boolean);
  /**
   * Docker config.json content with registry credentials; empty pulls anonymously.
   */
  'pullConfigJson'?: (string);
}

/**
 * Image references an image to provision (Mesos Image of type DOCKER).
 */
export interface Image__Output {
  /**
   * Image reference: "busybox", "library/busybox:1.36", "registry.example.com/ns/app@sha256:...".
   */
  'name': (string);
  /**
   * Fetch the manifest again even when the image is cached (Mesos Image.cached = false).
   */
  'forcePull': (boolean);
  /**
   * Docker config.json content with registry credentials; empty pulls anonymously.
   */
  'pullConfigJson': (string);
}
