/**
 * Scheduling simulation of issue 15's two-stage task graph from measured durations:
 * stage 1 per-fold preprocessing, stage 2 batches of model x configuration x fold fits
 * sized to --target-ms, a refit + test task after each model's CV (support/two-stage-graph.ts),
 * list-scheduled longest task first (support/list-schedule.ts) on 1, 2, 4, 8 and 16 workers.
 *   node -r @swc-node/register benchmarks/schedule-simulation.bench.ts [--results FILE] [--feature-set NAME] [--target-ms MS] [--workers N]
 * --results: a results JSON written by `radsweep run` with this engine (per-fold fit times,
 * ConfigResult.foldFitMs); without it the seed protocol is run once here with --workers
 * (default 1, so fit times are not inflated by a sibling worker on the same cores).
 * Durations are single-thread wall times on this machine; the simulation ignores the cost
 * of storing and reading fold artefacts and of queueing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment, runExperiment, type ExperimentResults } from '../libs/pipeline/src';
import { criticalPath, listSchedule } from './support/list-schedule';
import { twoStageGraph } from './support/two-stage-graph';

const arg = (k: string) => (process.argv.indexOf(`--${k}`) >= 0 ? process.argv[process.argv.indexOf(`--${k}`) + 1] : undefined);

async function measured(): Promise<ExperimentResults> {
  const file = arg('results');
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults;
  const workers = Number(arg('workers') ?? 1);
  const t0 = performance.now();
  const results = await runExperiment(loadExperiment(join(__dirname, '..', 'examples', 'seed-protocol.yaml')), { workers });
  console.log(`measured: seed protocol run with ${workers} worker(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return results;
}

async function main(): Promise<void> {
  const all = await measured();
  const name = arg('feature-set');
  const results = name ? { ...all, featureSets: all.featureSets.filter((f) => f.name === name) } : all;
  if (!results.featureSets.length) throw new Error(`--feature-set: no feature set "${name}" in the results`);
  const targetMs = Number(arg('target-ms') ?? 2000);
  const tasks = twoStageGraph(results, targetMs);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const kinds = ['prep', 'fits', 'refit'].map((k) => {
    const of = tasks.filter((t) => t.id.startsWith(k));
    return `${of.length} ${k} (${s(of.reduce((a, t) => a + t.ms, 0))}, longest ${s(Math.max(...of.map((t) => t.ms)))})`;
  });
  console.log(`# two-stage task graph: feature sets ${results.featureSets.map((f) => f.name).join(', ')}; batches up to ${targetMs} ms`);
  console.log(`tasks: ${tasks.length} = ${kinds.join(', ')}`);
  const one = listSchedule(tasks, 1).makespanMs;
  console.log('workers  makespan   speed-up  efficiency');
  for (const w of [1, 2, 4, 8, 16]) {
    const m = listSchedule(tasks, w).makespanMs;
    console.log(`${String(w).padStart(7)}  ${s(m).padStart(9)}  ${(one / m).toFixed(2).padStart(8)}x  ${((one / m / w) * 100).toFixed(0).padStart(9)}%`);
  }
  const cp = criticalPath(tasks);
  console.log(`critical path: ${s(cp.ms)} (bound on the speed-up: ${(one / cp.ms).toFixed(1)}x)`);
  for (const id of cp.ids) console.log(`  ${id}: ${s(tasks.find((t) => t.id === id)!.ms)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
