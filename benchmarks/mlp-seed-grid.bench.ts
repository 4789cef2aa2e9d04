/**
 * The seed sweep's MLP grid (hidden_layer_sizes [32], [64, 32] x alpha 1e-4, 1e-2; relu, adam,
 * max_iter 500, seed 42) on seed-sized folds (random 204 x 23 and 204 x 39, benchmarks/support/
 * fold-problem.ts) and fold 0-sized 2078 x 58 with --large: CPU ms of all fits (minimum of
 * --repeats, default 7, after one warm-up), and a fingerprint of every fitted model's
 * probabilities on its training rows (equal fingerprints = the same networks, bit for bit).
 * Run: node -r @swc-node/register benchmarks/mlp-seed-grid.bench.ts [--repeats N] [--large]
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { createClassifier } from '@radsweep/classifiers';
import { foldProblem } from './support/fold-problem';

const GRID = [[32], [64, 32]].flatMap((layers) => [1e-4, 1e-2].map((alpha) => ({ hidden_layer_sizes: layers, alpha })));

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--repeats');
  const repeats = at >= 0 ? Number(args[at + 1]) : 7;
  const shapes: [number, number][] = args.includes('--large') ? [[2078, 58]] : [[204, 23], [204, 39]];
  const problems = shapes.map(([n, p], i) => ({ name: `${n} x ${p}`, ...foldProblem(n, p, 11 + i) }));
  const hash = createHash('sha256');
  const fitAll = (record: boolean): void => {
    for (const { x, y } of problems) {
      for (const params of GRID) {
        const m = createClassifier('mlp', params, 42);
        m.fit(x, y);
        if (record) {
          const p = m.predictProba(x);
          hash.update(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
        }
      }
    }
  };
  fitAll(true);
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    fitAll(false);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  console.log(
    `${problems.map((p) => p.name).join(', ')}: ${GRID.length * problems.length} fits, CPU ms min ${cpu[0].toFixed(0)} median ${cpu[cpu.length >> 1].toFixed(0)} ` +
      `(${repeats} repeats); fingerprint ${hash.digest('hex').slice(0, 16)}; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`,
  );
}

if (require.main === module) main();
