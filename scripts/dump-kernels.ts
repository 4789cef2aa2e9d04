/**
 * Prints the project's WebAssembly kernels as text for review:
 *   node -r @swc-node/register scripts/dump-kernels.ts [mlp|svm|lasso]
 */
import { dumpModule } from '@radsweep/core';
import { MLP_MODULE } from '../libs/classifiers/src/neural/mlp-kernels';
import { DUAL_PASS_MODULE } from '../libs/classifiers/src/svm/wasm-dual-pass';
import { gramSweepModule } from '../libs/pipeline/src/steps/lasso/gram-sweep-kernel';

const MODULES: Record<string, Uint8Array> = { mlp: MLP_MODULE, svm: DUAL_PASS_MODULE, lasso: gramSweepModule(6) }; // the LASSO module is built per p; p = 6 shows a full and a partial block
const asked = process.argv.slice(2);
for (const name of asked.length ? asked : Object.keys(MODULES)) {
  const bytes = MODULES[name];
  if (!bytes) {
    process.stderr.write(`unknown kernel module '${name}' (one of ${Object.keys(MODULES).join(', ')})\n`);
    process.exit(2);
  }
  process.stdout.write(`;; ${name}: ${bytes.length} bytes\n${dumpModule(bytes)}`);
}
