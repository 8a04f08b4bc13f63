#!/usr/bin/env node
import { serveModule } from '@plateau/kernel';
import definition from './index';

void serveModule(definition);
