/**
 * Fit and predict times of the four survival models on the Rotterdam cohort (2,982 patients,
 * 8 raw covariates; ../shared/data/survival), predicting the 686 GBSG patients at 1, 3 and 5
 * years: registry defaults (LASSO-Cox with lambda chosen by its 5-fold CV, forest of 500 trees).
 * Prints wall and CPU time per model (CPU is the steadier one on a shared machine), the forest's
 * saved-state size, and the process's peak RSS at the end.
 * Run: node -r @swc-node/register benchmarks/survival-models.bench.ts
 */
import { loadCohort } from '../tests/survival/support/cohorts';
import { listSurvivalModels, resolveSurvivalParams } from '../libs/survival/src';

const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];
const dev = loadCohort('rotterdam', FEATURES);
const ext = loadCohort('gbsg', FEATURES);

for (const spec of listSurvivalModels()) {
  const model = spec.create(resolveSurvivalParams(spec.id, {}), 1);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  model.fit(dev.x, dev.time, dev.event);
  const fitCpu = process.cpuUsage(cpu);
  const fitWall = performance.now() - wall;
  const wall2 = performance.now();
  model.predictSurvival(ext.x, [365, 1096, 1826]);
  model.predictRisk(ext.x);
  const predictWall = performance.now() - wall2;
  const saved = JSON.stringify(model.toJSON()).length;
  console.log(
    `${spec.id.padEnd(24)} fit ${fitWall.toFixed(0).padStart(7)} ms wall, ${((fitCpu.user + fitCpu.system) / 1000).toFixed(0).padStart(7)} ms CPU; ` +
      `predict 686 x 3 times ${predictWall.toFixed(1)} ms; saved state ${(saved / 1024).toFixed(0)} KiB`,
  );
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
