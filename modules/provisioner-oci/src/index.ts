import { defineModule, Tokens } from '@plateau/kernel';
import { OciConfigSchema, type OciConfig } from './config';
import { OciProvisioner } from './provisioner';

export { OciProvisioner, chainIdOf, checkContainerId, toImageConfig } from './provisioner';
export type { PullProgress, PullOptions, PulledImage } from './provisioner';
export { parseReference, formatReference } from './reference';
export type { ImageRef, RegistryRef, OciLayoutRef, DockerArchiveRef } from './reference';
export { OciErrorCodes } from './errors';
export { withDefaults } from './config';
export type { OciConfig } from './config';

/**
 * provisioner-oci: turns image references into container root filesystems without a Docker
 * daemon. Images come from Docker Registry HTTP API v2 servers (OCI index / Docker manifest list
 * with platform selection, schema 2 and OCI manifests, bearer-token and basic auth), OCI image
 * layouts and docker-archive tarballs; every manifest, config and layer is verified against its
 * sha256 digest. Layers are unpacked once into a content-addressed cache shared by all images,
 * flattened per layer stack, and each container gets an overlayfs (or a copy) on top.
 */
export default defineModule<OciProvisioner, OciConfig, { log: typeof Tokens.logger }>({
  kind: 'provisioner',
  name: 'oci',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: OciConfigSchema,
  deps: { log: Tokens.logger },
  create: async ({ config, deps, dirs }) => {
    const provisioner = new OciProvisioner(config, deps.log, config.storeDir ?? dirs.state);
    await provisioner.init();
    return provisioner;
  },
  stop: (provisioner) => provisioner.close(),
});
