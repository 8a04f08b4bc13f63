#!/usr/bin/env node
import { serveModule } from '@plateau/kernel';
import definition from './index';

// The module as its own binary: the kernel spawns it (exec:) and talks to it over gRPC.
void serveModule(definition);
