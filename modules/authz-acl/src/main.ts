#!/usr/bin/env node
import { serveModule } from '@plateau/kernel';
import definition from './index';

// The module as its own binary: the kernel spawns it (exec:) and talks to it over gRPC.
serveModule(definition).catch((err: unknown) => {
  process.stderr.write(`authorizer.acl failed to serve: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
