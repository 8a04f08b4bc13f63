// Original file: kernel/container/v1/container.proto


/**
 * Label is one key/value label (Mesos Label).
 */
export interface Label {
  /**
   * Label key.
   */
  'key'?: (string);
  /**
   * Label value; empty when the label is only a key.
   */
  'value'?: (string);
}

/**
 * Label is one key/value label (Mesos Label).
 */
export interface Label__Output {
  /**
   * Label key.
   */
  'key': (string);
  /**
   * Label value; empty when the label is only a key.
   */
  'value': (string);
}
