// Original file: kernel/provisioner/v1/provisioner.proto


/**
 * PullProgress is the state of one layer of an image pull.
 */
export interface PullProgress {
  /**
   * The image reference as the Provision request named it.
   */
  'image'?: (string);
  /**
   * The layer's blob digest ("sha256:..."), or its diff id when the blob digest is unknown.
   */
  'layer'?: (string);
  /**
   * "cached" (already in the store; comes once), "downloading" and "unpacking" (repeat with
   * growing byte counts), "done" (comes once).
   */
  'phase'?: (string);
  /**
   * Bytes of the layer's blob handled so far in this phase (a double, so that every binding reads
   * a plain number; exact up to 2^53).
   */
  'bytesDone'?: (number | string);
  /**
   * The blob's size; 0 when unknown.
   */
  'bytesTotal'?: (number | string);
  /**
   * The layer's position in the image (0 is the base layer).
   */
  'index'?: (number);
  /**
   * How many layers the image has; 0 when not yet known.
   */
  'layers'?: (number);
}

/**
 * PullProgress is the state of one layer of an image pull.
 */
export interface PullProgress__Output {
  /**
   * The image reference as the Provision request named it.
   */
  'image': (string);
  /**
   * The layer's blob digest ("sha256:..."), or its diff id when the blob digest is unknown.
   */
  'layer': (string);
  /**
   * "cached" (already in the store; comes once), "downloading" and "unpacking" (repeat with
   * growing byte counts), "done" (comes once).
   */
  'phase': (string);
  /**
   * Bytes of the layer's blob handled so far in this phase (a double, so that every binding reads
   * a plain number; exact up to 2^53).
   */
  'bytesDone': (number);
  /**
   * The blob's size; 0 when unknown.
   */
  'bytesTotal': (number);
  /**
   * The layer's position in the image (0 is the base layer).
   */
  'index': (number);
  /**
   * How many layers the image has; 0 when not yet known.
   */
  'layers': (number);
}
