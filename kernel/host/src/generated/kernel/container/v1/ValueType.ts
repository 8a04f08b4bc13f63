// Original file: kernel/container/v1/container.proto

/**
 * ValueType is the shape of a resource's value (Mesos Value.Type).
 */
export const ValueType = {
  /**
   * Not set; read as SCALAR.
   */
  VALUE_TYPE_UNSPECIFIED: 'VALUE_TYPE_UNSPECIFIED',
  /**
   * A floating point quantity (cpus, mem, disk, gpus).
   */
  SCALAR: 'SCALAR',
  /**
   * A list of inclusive integer ranges (ports).
   */
  RANGES: 'RANGES',
  /**
   * A set of strings.
   */
  SET: 'SET',
  /**
   * A string (attributes only, Mesos Value.TEXT).
   */
  TEXT: 'TEXT',
} as const;

/**
 * ValueType is the shape of a resource's value (Mesos Value.Type).
 */
export type ValueType =
  /**
   * Not set; read as SCALAR.
   */
  | 'VALUE_TYPE_UNSPECIFIED'
  | 0
  /**
   * A floating point quantity (cpus, mem, disk, gpus).
   */
  | 'SCALAR'
  | 1
  /**
   * A list of inclusive integer ranges (ports).
   */
  | 'RANGES'
  | 2
  /**
   * A set of strings.
   */
  | 'SET'
  | 3
  /**
   * A string (attributes only, Mesos Value.TEXT).
   */
  | 'TEXT'
  | 4

/**
 * ValueType is the shape of a resource's value (Mesos Value.Type).
 */
export type ValueType__Output = typeof ValueType[keyof typeof ValueType]
