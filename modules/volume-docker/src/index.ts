import { defineModule, Tokens } from '@plateau/kernel';
import { DockerVolumeConfigSchema, withDefaults, type DockerVolumeConfig } from './config';
import { DockerVolumeIsolator } from './isolator';

export { DockerVolumeIsolator, VOLUME_SOURCES } from './isolator';
export { DockerVolumeConfigSchema, withDefaults, type DockerVolumeConfig } from './config';
export { discoverPlugin, searchedPaths, parsePluginUrl, checkPluginName, type FoundPlugin, type PluginAddress, type PluginTls } from './plugin-discovery';
export { PluginClient, VolumePluginError, PLUGIN_MEDIA_TYPE, backoffMs } from './plugin-client';
export { VolumeDriver, VolumeDrivers, type VolumeInfo, type VolumeScope } from './volume-driver';
export { dockerVolumesOf, containerInfoOf, type DockerVolumeRequest } from './docker-volumes';
export { MountCheckpoint, type CheckpointedMount } from './mount-checkpoint';

/**
 * volume-docker: Docker volumes (Volume.source.type DOCKER_VOLUME) through Docker volume plugins,
 * spoken natively (no dvdcli, no Docker daemon): plugins found in /run/docker/plugins,
 * /etc/docker/plugins and /usr/lib/docker/plugins, activated once, each volume created when
 * missing and mounted once per container with the container's id as the Mount ID, unmounted at
 * cleanup; mounts checkpointed for recovery.
 */
export default defineModule<DockerVolumeIsolator, DockerVolumeConfig, { log: typeof Tokens.logger }>({
  kind: 'isolator',
  name: 'docker-volume',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: DockerVolumeConfigSchema,
  deps: { log: Tokens.logger },
  create: ({ config, deps, dirs }) => new DockerVolumeIsolator(withDefaults(config), dirs.state, deps.log),
  stop: (isolator) => isolator.close(),
});
