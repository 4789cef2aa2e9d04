import type { LockedModelSummary } from '@radsweep/api-contract';
import { ConflictError } from '../http/not-found.error';
import type { LockRefitOutput, SurvivalPredictions } from './lock-refit';
import { firstBitDifference } from './same-bits';

/** The run's stored test predictions of the model being locked, and its stored mean CV score. */
export type StoredTestPredictions = { ids: string[]; cvMean: number | null; cvMetric: string } & (
  | { kind: 'binary'; probabilities: number[] }
  | { kind: 'survival'; predictedAt: number[]; linearPredictors: number[]; survival: number[] }
);

/**
 * The lock's proof: the refit predicts the run's test patients (same ids, same order) with the stored
 * predictions' exact bits (a binary model: the probabilities; a survival model: the risk scores and the
 * survival at every stored horizon), and so does the sealed file read back; the refit's mean CV score is
 * the run's. Otherwise a ConflictError (409) names the first patient that differs, and nothing is stored.
 */
export function verifyLock(out: LockRefitOutput, stored: StoredTestPredictions, what: string): LockedModelSummary['verification'] {
  if (out.ids.length !== stored.ids.length || out.ids.some((id, i) => id !== stored.ids[i])) {
    throw new ConflictError(`the refit of ${what} scored other test patients than the run stored; nothing was locked`);
  }
  const differs = (name: string, patient: number, got: string, was: string) =>
    new ConflictError(`the ${name} of ${what} does not reproduce the run: test patient '${stored.ids[patient]}' is predicted ${got} but the run stored ${was} (software changed since the run?); nothing was locked`);
  if (out.kind === 'binary' && stored.kind === 'binary') {
    for (const [name, got] of [['refit', out.refit], ['locked file', out.locked]] as const) {
      const i = firstBitDifference(got, stored.probabilities);
      if (i >= 0) throw differs(name, i, String(got[i]), String(stored.probabilities[i]));
    }
  } else if (out.kind === 'survival' && stored.kind === 'survival') {
    if (firstBitDifference(out.predictedAt, stored.predictedAt) >= 0) {
      throw new ConflictError(`the refit of ${what} predicts survival at ${out.predictedAt.join(', ')}, the run stored it at ${stored.predictedAt.join(', ')}; nothing was locked`);
    }
    const K = stored.predictedAt.length;
    for (const [name, got] of [['refit', out.refit], ['locked file', out.locked]] as const) {
      const i = firstBitDifference(got.linearPredictors, stored.linearPredictors);
      const j = firstBitDifference(got.survival, stored.survival);
      const patient = Math.min(i < 0 ? Infinity : i, j < 0 ? Infinity : Math.floor(j / K));
      if (patient !== Infinity) throw differs(name, patient, survivalText(got, patient, K, stored.predictedAt), survivalText(stored, patient, K, stored.predictedAt));
    }
  } else {
    throw new Error(`a ${stored.kind} model refitted as a ${out.kind} one`);
  }
  if (stored.cvMean !== null && firstBitDifference([out.cvMean], [stored.cvMean]) >= 0) {
    throw new ConflictError(`the refit's mean CV ${stored.cvMetric} ${out.cvMean} of ${what} differs from the run's ${stored.cvMean}; nothing was locked`);
  }
  return {
    testPatients: stored.ids.length,
    refitEqualsRun: true,
    lockedFileEqualsRun: true,
    comparedBits: stored.kind === 'binary' ? 'float64, every test prediction' : `float64, every test patient's risk score and survival at ${stored.predictedAt.join(', ')}`,
  };
}

/** One patient's survival prediction as the 409 shows it: risk score and S(t) at each time. */
function survivalText(p: SurvivalPredictions, i: number, K: number, times: number[]): string {
  return `risk ${p.linearPredictors[i]}, ${times.map((t, k) => `S(${t}) ${p.survival[i * K + k]}`).join(', ')}`;
}
