/** Production clients of Plateau's (Mesos v1) HTTP APIs: scheduler, operator, agent; leader discovery. */
export * from './http';
export * from './stream';
export * from './scheduler';
export * from './operator';
export * from './agent';
export * from './input-stream';
export * from './discover';
export * from './tls';
export * from './credentials';
