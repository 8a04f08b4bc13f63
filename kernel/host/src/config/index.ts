/** Plateau's config: loading plateau.yaml, its schema, module config validation and errors. */
export * from './errors.js';
export * from './schema.js';
export * from './references.js';
export { findConfigFile, loadConfig, parseConfig, CONFIG_SEARCH_PLACES } from './load.js';
export type { LoadConfigOptions, LoadedConfig, ParseConfigOptions } from './load.js';
export type { Position } from './source.js';
export { mergePatch } from './layers.js';
export { validateModuleConfigs } from './module-config.js';
export { configJsonSchemaText, writeConfigJsonSchema, SCHEMA_FILE } from './schema-file.js';
export * from './tls.js';
