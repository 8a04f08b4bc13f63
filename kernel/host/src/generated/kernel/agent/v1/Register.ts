// Original file: agent.proto


/**
 * Register announces an agent and what it offers.
 */
export interface Register {
  /**
   * The agent's id; empty on the first registration, when the master assigns one.
   */
  'agentId'?: (string);
  /**
   * Hostname the agent advertises.
   */
  'hostname'?: (string);
  /**
   * Port of the agent's HTTP API (default 5051).
   */
  'port'?: (number);
  /**
   * The agent's total resources, a JSON array of Mesos v1 Resource.
   */
  'resourcesJson'?: (string);
  /**
   * The agent's attributes, a JSON array of Mesos v1 Attribute.
   */
  'attributesJson'?: (string);
  /**
   * The agent's software version.
   */
  'version'?: (string);
  /**
   * Whether the agent checkpoints and so can recover its tasks after a restart.
   */
  'checkpoint'?: (boolean);
  /**
   * Agent capabilities (Mesos AgentInfo.Capability types, e.g. "MULTI_ROLE").
   */
  'capabilities'?: (string)[];
  /**
   * Mesos v1 DomainInfo JSON (fault domain); may be empty.
   */
  'domainJson'?: (string);
  /**
   * Scheme of the agent's HTTP API: "https" when it serves TLS (agent.tls); empty or "http": plain.
   * The master puts it in offers' agent URL and uses it to read from the agent.
   */
  'scheme'?: (string);
}

/**
 * Register announces an agent and what it offers.
 */
export interface Register__Output {
  /**
   * The agent's id; empty on the first registration, when the master assigns one.
   */
  'agentId': (string);
  /**
   * Hostname the agent advertises.
   */
  'hostname': (string);
  /**
   * Port of the agent's HTTP API (default 5051).
   */
  'port': (number);
  /**
   * The agent's total resources, a JSON array of Mesos v1 Resource.
   */
  'resourcesJson': (string);
  /**
   * The agent's attributes, a JSON array of Mesos v1 Attribute.
   */
  'attributesJson': (string);
  /**
   * The agent's software version.
   */
  'version': (string);
  /**
   * Whether the agent checkpoints and so can recover its tasks after a restart.
   */
  'checkpoint': (boolean);
  /**
   * Agent capabilities (Mesos AgentInfo.Capability types, e.g. "MULTI_ROLE").
   */
  'capabilities': (string)[];
  /**
   * Mesos v1 DomainInfo JSON (fault domain); may be empty.
   */
  'domainJson': (string);
  /**
   * Scheme of the agent's HTTP API: "https" when it serves TLS (agent.tls); empty or "http": plain.
   * The master puts it in offers' agent URL and uses it to read from the agent.
   */
  'scheme': (string);
}
