/**
 * The master's allocator: the `Allocator` contract, Mesos's hierarchical DRF policy
 * (`HierarchicalDRFAllocator`) and the resources model it works on.
 */
export * from './allocator.js';
export { AllocatorError, type AllocatorErrorCode } from './errors.js';
export { HierarchicalDRFAllocator, type HierarchicalDRFOptions } from './hierarchical-drf.js';
export { Resources } from '@plateau/mesos';
