import { delongTest } from '@radsweep/metrics';
import type { PredictionSetEntity } from './prediction-set.entity';

/** Both prediction sets cover the same test patients (as sets of ids; labels are checked by pairedDelong). */
export function sameTestPatients(a: PredictionSetEntity | undefined, b: PredictionSetEntity | undefined): boolean {
  if (!a || !b || a.ids.length !== b.ids.length) return false;
  const ids = new Set(b.ids);
  return a.ids.every((id) => ids.has(id));
}

/**
 * DeLong's paired test (libs/metrics) between two stored prediction sets, when both cover the same
 * patients with the same labels; null otherwise (different patients, or a test that cannot be computed).
 */
export function pairedDelong(a: PredictionSetEntity | undefined, b: PredictionSetEntity | undefined): { patients: number; z: number; pValue: number } | null {
  if (!a || !b || a.ids.length !== b.ids.length) return null;
  const rowOf = new Map(b.ids.map((id, i) => [id, i]));
  const y = new Uint8Array(a.ids.length);
  const sa = new Float64Array(a.ids.length);
  const sb = new Float64Array(a.ids.length);
  for (let i = 0; i < a.ids.length; i++) {
    const j = rowOf.get(a.ids[i]);
    if (j === undefined || b.labels[j] !== a.labels[i]) return null;
    y[i] = a.labels[i];
    sa[i] = a.probabilities[i];
    sb[i] = b.probabilities[j];
  }
  try {
    const t = delongTest(y, sa, sb);
    return { patients: y.length, z: t.z, pValue: t.pValue };
  } catch {
    return null;
  }
}
