// Entry point of a standalone queue worker process (tests, benchmarks, and `node -r libs/core/src/swc-cache/register.js`
// or `node -r @swc-node/register`):
// the same as `radsweep worker` once apps/cli wires the command.
import { RadSweepInputError } from '@radsweep/core';
import { workerCommand } from './worker';

workerCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`radsweep: ${e instanceof RadSweepInputError ? 'error' : 'internal error'}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof RadSweepInputError ? 2 : 1);
  },
);
