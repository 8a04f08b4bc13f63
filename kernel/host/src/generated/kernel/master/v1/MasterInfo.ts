// Original file: kernel/master/v1/master.proto


/**
 * MasterInfo identifies a master (Mesos MasterInfo), as advertised in leader election.
 */
export interface MasterInfo {
  /**
   * Random UUID the master generated at start.
   */
  'id'?: (string);
  /**
   * Hostname the master advertises.
   */
  'hostname'?: (string);
  /**
   * IPv4 address, dotted ("10.0.0.5"); Mesos's integer form is derived from it where needed.
   */
  'ip'?: (string);
  /**
   * HTTP port (default 5050).
   */
  'port'?: (number);
  /**
   * Libprocess-style id "master@<ip>:<port>".
   */
  'pid'?: (string);
  /**
   * Version of the master's software.
   */
  'version'?: (string);
  /**
   * Full Mesos MasterInfo JSON (domain, capabilities, address) as stored in the election backend; may be empty.
   */
  'masterInfoJson'?: (string);
}

/**
 * MasterInfo identifies a master (Mesos MasterInfo), as advertised in leader election.
 */
export interface MasterInfo__Output {
  /**
   * Random UUID the master generated at start.
   */
  'id': (string);
  /**
   * Hostname the master advertises.
   */
  'hostname': (string);
  /**
   * IPv4 address, dotted ("10.0.0.5"); Mesos's integer form is derived from it where needed.
   */
  'ip': (string);
  /**
   * HTTP port (default 5050).
   */
  'port': (number);
  /**
   * Libprocess-style id "master@<ip>:<port>".
   */
  'pid': (string);
  /**
   * Version of the master's software.
   */
  'version': (string);
  /**
   * Full Mesos MasterInfo JSON (domain, capabilities, address) as stored in the election backend; may be empty.
   */
  'masterInfoJson': (string);
}
