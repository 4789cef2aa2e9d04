import type { ExperimentResults } from '../../libs/pipeline/src';
import type { SimTask } from './list-schedule';

/**
 * The two-stage task graph of issue 15 built from a run's measured durations:
 * - stage 1, `prep <set> fold k` (and `prep <set> refit`): one fold's preprocessing chain,
 *   timed by the run (timings.preprocessingMs / refitPreprocessingMs);
 * - stage 2, `fits <set> <model> fold k #b`: a batch of that model's configuration fits on
 *   fold k (each fit timed by the run, ConfigResult.foldFitMs), configurations packed in
 *   grid order until the batch reaches targetMs (a fit longer than that is a batch alone);
 *   depends on its fold's preprocessing;
 * - `refit <set> <model>`: the refit of the best configuration and its test scoring,
 *   after every batch of the model and the refit chain.
 */
export function twoStageGraph(results: ExperimentResults, targetMs: number): SimTask[] {
  if (!(targetMs > 0)) throw new Error(`targetMs: must be > 0, got ${targetMs}`);
  const tasks: SimTask[] = [];
  for (const fs of results.featureSets) {
    const prep = (k: number) => `prep ${fs.name} fold ${k}`;
    fs.timings.preprocessingMs.forEach((ms, k) => tasks.push({ id: prep(k), ms, deps: [] }));
    const refitPrep = `prep ${fs.name} refit`;
    tasks.push({ id: refitPrep, ms: fs.timings.refitPreprocessingMs, deps: [] });
    for (const m of fs.models) {
      const batches: string[] = [];
      fs.timings.preprocessingMs.forEach((_, k) => {
        let batch = 0;
        let ms = 0;
        const close = () => {
          if (ms === 0 && batch > 0) return;
          const id = `fits ${fs.name} ${m.label} fold ${k} #${batch++}`;
          tasks.push({ id, ms, deps: [prep(k)] });
          batches.push(id);
          ms = 0;
        };
        for (const c of m.cv.perConfig) {
          if (!c.foldFitMs) throw new Error(`results of ${fs.name} / ${m.label}: no per-fold fit times (foldFitMs); rerun with this engine`);
          const fit = c.foldFitMs[k];
          if (ms > 0 && ms + fit > targetMs) close();
          ms += fit;
        }
        close();
      });
      tasks.push({ id: `refit ${fs.name} ${m.label}`, ms: m.timings.refitMs, deps: [...batches, refitPrep] });
    }
  }
  return tasks;
}
