// Original file: kernel/container/v1/container.proto


/**
 * PersistentVolume is a persistent volume a container uses (a `disk` resource with
 * disk.persistence), as the agent keeps it: a host directory mounted into the container.
 */
export interface PersistentVolume {
  /**
   * The volume's persistence id (Mesos Resource.DiskInfo.Persistence.id).
   */
  'persistenceId'?: (string);
  /**
   * Role the volume is reserved for.
   */
  'role'?: (string);
  /**
   * Host path of the volume's directory.
   */
  'hostPath'?: (string);
  /**
   * Where it is mounted inside the container (absolute, under the sandbox's mount point).
   */
  'containerPath'?: (string);
  /**
   * Size of the volume: its `disk` resource, MB.
   */
  'sizeMb'?: (number | string);
  /**
   * Whether it is mounted read-only (Mesos Volume.Mode RO).
   */
  'readOnly'?: (boolean);
}

/**
 * PersistentVolume is a persistent volume a container uses (a `disk` resource with
 * disk.persistence), as the agent keeps it: a host directory mounted into the container.
 */
export interface PersistentVolume__Output {
  /**
   * The volume's persistence id (Mesos Resource.DiskInfo.Persistence.id).
   */
  'persistenceId': (string);
  /**
   * Role the volume is reserved for.
   */
  'role': (string);
  /**
   * Host path of the volume's directory.
   */
  'hostPath': (string);
  /**
   * Where it is mounted inside the container (absolute, under the sandbox's mount point).
   */
  'containerPath': (string);
  /**
   * Size of the volume: its `disk` resource, MB.
   */
  'sizeMb': (number);
  /**
   * Whether it is mounted read-only (Mesos Volume.Mode RO).
   */
  'readOnly': (boolean);
}
