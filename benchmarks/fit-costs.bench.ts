/**
 * Measures the ms per unit of one CV fit of each model (libs/pipeline/src/engine/two-stage/fit-costs.ts:
 * units = rows x features x the model's relative size) on the seed sweep, one engine thread (as a stage
 * worker with --threads 1 fits), and prints the table to commit as
 * libs/pipeline/src/engine/two-stage/measured-fit-costs.ts. The numbers are every recorded CV fit's
 * time (results' foldFitMs) divided by its units, averaged per model over both feature sets.
 * Run: node -r @swc-node/register benchmarks/fit-costs.bench.ts [--data <csv>]
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { FitSample, fitShapes, fitUnits, loadExperiment, meanMsPerUnit, prepareStudy, runExperiment } from '../libs/pipeline/src';

async function main(): Promise<void> {
  const d = process.argv.indexOf('--data');
  const exp = loadExperiment(join(__dirname, '..', 'examples', 'seed-protocol.yaml'), d >= 0 ? { dataPath: process.argv[d + 1] } : {});
  const load = loadavg()[0];
  const shapes = fitShapes(await prepareStudy(exp));
  const t0 = performance.now();
  const results = await runExperiment(exp, { workers: 1 });
  const samples: FitSample[] = [];
  results.featureSets.forEach((fs, set) =>
    fs.models.forEach((m, modelIndex) => {
      const model = exp.models[modelIndex]; // results list models in the experiment's order
      for (const c of m.cv.perConfig) {
        const units = fitUnits(model.id, model.configs[c.index].params, shapes[set]);
        for (const ms of c.foldFitMs ?? []) samples.push({ modelId: model.id, units, ms });
      }
    }),
  );
  const table = meanMsPerUnit(samples);
  const rows = [...table].sort(([a], [b]) => a.localeCompare(b)).map(([id, t]) => `  ${id}: ${t.msPerUnit.toPrecision(3)}, // ${t.fits} fits`);
  process.stdout.write(
    `// seed sweep (${results.dataset.rows} patients; feature sets ${shapes.map((s, i) => `${results.featureSets[i].name} ${s.rows} rows x ${s.features} columns`).join(', ')}), ` +
      `1 thread, ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n` +
      `export const MEASURED_MS_PER_UNIT: Record<string, number> = {\n${rows.join('\n')}\n};\n`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
