/**
 * Simulated agents: a benchmark and test tool for the master, never a real agent. See SimFleet.
 */
export { SimAgent, type SimAgentOptions, type SimAgentStats } from './agent';
export { SimFleet, simResources, type SimFleetOptions } from './fleet';
