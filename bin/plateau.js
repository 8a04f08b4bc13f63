#!/usr/bin/env node
// The `plateau` command: runs the compiled CLI of the kernel package (built by `npm run build`).
'use strict';
let cli;
try {
  cli = require('../kernel/cli/lib/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('plateau is not built yet: run `npm run setup` (or `npm test` / `npm start`, which do it) first\n');
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv).catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
