import { cpus } from 'node:os';
import { ExperimentOverrides, ProgressEvent, ResolvedExperiment, loadExperiment, runExperiment } from '../libs/pipeline/src';

/** A progress listener printing each phase change on stderr, with the elapsed time and tasks done. */
export function phasePrinter(): (e: ProgressEvent) => void {
  let lastPhase = '';
  return (e) => {
    const key = `${e.featureSet} ${e.phase}`;
    if (key === lastPhase) return;
    lastPhase = key;
    process.stderr.write(`[${(e.elapsedMs / 1000).toFixed(1)} s] ${key} (${e.done}/${e.total} tasks)\n`);
  };
}

/**
 * Runs an experiment once and prints wall time per feature set, total wall time,
 * peak RSS and CPU user time. Worker threads live in this process, so its maxRSS
 * and user time include them. Options: --workers N (default: one per core).
 */
export async function benchSweep(title: string, file: string, overrides: ExperimentOverrides = {}, edit?: (exp: ResolvedExperiment) => ResolvedExperiment): Promise<void> {
  const w = process.argv.indexOf('--workers');
  const workers = w >= 0 ? Number(process.argv[w + 1]) : undefined;
  let exp = loadExperiment(file, overrides);
  if (edit) exp = edit(exp);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await runExperiment(exp, { workers, onProgress: phasePrinter() });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const usage = process.resourceUsage();
  console.log(`# ${title}`);
  console.log(`data: ${results.dataset.path} (${results.dataset.rows} patients, ${results.dataset.positives} positive); workers: ${results.workers}; cpus: ${cpus().length} x ${cpus()[0]?.model ?? '?'}`);
  console.log(`load: ${(results.timings.loadMs / 1000).toFixed(1)} s`);
  for (const fs of results.featureSets) {
    const t = fs.timings;
    const prep = t.preprocessingMs.reduce((s, v) => s + v, 0) + t.refitPreprocessingMs;
    const fits = fs.models.reduce((s, m) => s + m.timings.cvFitMs + m.timings.refitMs, 0);
    console.log(
      `feature set ${fs.name} (${fs.features.length} columns, ${fs.models.reduce((s, m) => s + m.cv.perConfig.length, 0)} configurations): ` +
        `wall ${(t.totalMs / 1000).toFixed(1)} s = preprocessing + tasks ${(t.tasksMs / 1000).toFixed(1)} s + metrics ${(t.metricsMs / 1000).toFixed(2)} s; ` +
        `CPU in chains ${(prep / 1000).toFixed(1)} s (${fs.folds.length + 1} chains), in model fits ${(fits / 1000).toFixed(1)} s`,
    );
  }
  for (const fs of results.featureSets) {
    const perModel = fs.models.map((m) => ({ label: m.label, s: (m.timings.cvFitMs + m.timings.refitMs) / 1000 })).sort((a, b) => b.s - a.s);
    console.log(`${fs.name}: fit time by model (s): ${perModel.map((m) => `${m.label} ${m.s.toFixed(1)}`).join(', ')}`);
  }
  console.log(`total wall: ${wallS.toFixed(1)} s`);
  console.log(`CPU user: ${(cpu.user / 1e6).toFixed(1)} s, system: ${(cpu.system / 1e6).toFixed(1)} s`);
  console.log(`peak RSS (process incl. worker threads): ${(usage.maxRSS / 1024).toFixed(0)} MB`);
  for (const fs of results.featureSets) {
    const best = [...fs.models].filter((m) => m.test).sort((a, b) => b.cv.auc.mean - a.cv.auc.mean)[0];
    console.log(`${fs.name}: best by CV AUC ${best.label} ${best.cv.auc.mean.toFixed(3)}, test AUC ${best.test!.auc.toFixed(3)}`);
  }
}
