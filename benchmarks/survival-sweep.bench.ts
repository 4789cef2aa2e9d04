/**
 * A survival sweep end to end: examples/survival.yaml (Rotterdam, 2,982 patients, stratified 80/20
 * split, 5-fold CV) with its Cox PH and LASSO-Cox grids plus every other model of the
 * @radsweep/survival registry at its defaults (so models added to the registry are timed too).
 * With --classifiers, the fifteen classifiers at their defaults are added too (fitted at the first horizon).
 *   node -r @swc-node/register benchmarks/survival-sweep.bench.ts [--workers N] [--classifiers]
 * Prints wall time per endpoint and feature set, fit time by model, total wall, CPU and peak RSS
 * (worker threads live in this process, so maxRSS and user time include them).
 * Measured 2026-12-03 (2 cores, load ~1.4, 2 workers; registry: cox_ph, lasso_cox): 4.0 s wall, 6.5 s CPU,
 * peak 372 MB; with --classifiers (17 models, 21 configurations x 5 folds): 12.8 s wall, 23.0 s CPU, 411 MB.
 * With main's random_survival_forest and cox_boost in the registry (2026-12-03, load 4.5-6.4): 82.1 s wall,
 * 74.7 s CPU, peak 804 MB (the forest: 119.7 s of fit time); with --classifiers (19 models, 23 configurations):
 * 144.0 s wall, 95.5 s CPU, peak 758 MB.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { listModels, resolveParams } from '../libs/classifiers/src';
import { listSurvivalModels, resolveSurvivalParams } from '../libs/survival/src';
import { loadExperiment, runSurvivalExperiment } from '../libs/pipeline/src';
import { phasePrinter } from './sweep-bench-support';

async function main(): Promise<void> {
  const w = process.argv.indexOf('--workers');
  const workers = w >= 0 ? Number(process.argv[w + 1]) : undefined;
  const exp = loadExperiment(join(__dirname, '..', 'examples', 'survival.yaml'));
  for (const spec of listSurvivalModels()) {
    if (exp.models.some((m) => m.id === spec.id)) continue;
    exp.models.push({ id: spec.id, label: spec.label, configs: [{ index: 0, gridParams: {}, params: resolveSurvivalParams(spec.id, {}) }] });
  }
  if (process.argv.includes('--classifiers')) {
    for (const spec of listModels()) {
      exp.models.push({ id: spec.id, label: `${spec.label} (at horizon)`, atHorizon: true, configs: [{ index: 0, gridParams: {}, params: resolveParams(spec.id, {}) }] });
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await runSurvivalExperiment(exp, { workers, onProgress: phasePrinter() });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(`# survival sweep (examples/survival.yaml + every survival registry model at its defaults${process.argv.includes('--classifiers') ? ' + the classifiers at the first horizon' : ''})`);
  console.log(`data: ${results.dataset.path} (${results.dataset.rows} patients); workers: ${results.workers}; cpus: ${cpus().length} x ${cpus()[0]?.model ?? '?'}`);
  for (const e of results.endpoints) {
    for (const fs of e.featureSets) {
      const configs = fs.models.reduce((s, m) => s + m.cv.perConfig.length, 0);
      console.log(`${e.name}/${fs.name}: ${fs.models.length} models, ${configs} configurations x ${fs.folds.length} folds; wall ${(fs.timings.totalMs / 1000).toFixed(1)} s (tasks ${(fs.timings.tasksMs / 1000).toFixed(1)} s, metrics ${(fs.timings.metricsMs / 1000).toFixed(2)} s)`);
      for (const m of [...fs.models].sort((a, b) => b.cv.cIndex.mean - a.cv.cIndex.mean)) {
        const fit = (m.timings.cvFitMs + m.timings.refitMs) / 1000;
        const test = m.test ? `test C ${m.test.harrellC.estimate.toFixed(3)}, IBS ${m.test.ibs?.estimate.toFixed(3) ?? 'n/a'}` : `FAILED ${m.error}`;
        console.log(`  ${m.label}: fit ${fit.toFixed(1)} s, CV C ${m.cv.cIndex.mean.toFixed(3)}, ${test}`);
      }
    }
  }
  console.log(`total wall: ${wallS.toFixed(1)} s`);
  console.log(`CPU user: ${(cpu.user / 1e6).toFixed(1)} s, system: ${(cpu.system / 1e6).toFixed(1)} s`);
  console.log(`peak RSS (process incl. worker threads): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
