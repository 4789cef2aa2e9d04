import { describe, expect, it } from 'vitest';
import { aucCiBootstrap } from '@radsweep/metrics';
import { loadSimpleCsv, readJson, sharedPath } from '../support/shared';

/**
 * With the numpy random stream, the bootstrap replays the reference script's own resamples
 * (RandomState(42).randint(0, n_test, n_test) per resample, one-class resamples skipped), so the
 * interval must equal scikit-learn's to rounding.
 */
const sweeps = [
  ['wdbc-sweep.json', 'wdbc.csv'],
  ['crlm-synthetic-radiomics-sweep.json', 'crlm-synthetic.csv'],
  ['crlm-synthetic-radiomics-clinical-sweep.json', 'crlm-synthetic.csv'],
] as const;

for (const [file, csvName] of sweeps) {
  describe(`bootstrap AUC CI replayed with numpy's stream: ${file}`, () => {
    const ref = readJson('reference', file);
    const csv = loadSimpleCsv(sharedPath('data', csvName));
    const labelOf = new Map(csv.ids.map((id, i) => [id, csv.label[i]]));
    const y = Uint8Array.from(ref.split.test_ids.map((id: number) => labelOf.get(id)!));
    for (const m of ref.models) {
      it(m.model, () => {
        const ci = aucCiBootstrap(y, Float64Array.from(m.test_proba), { randomStream: 'numpy', seed: 42, resamples: 1000 });
        const r = m.test.metrics.auc_ci95;
        expect(ci.validResamples).toBe(r.n_valid_resamples);
        expect(ci.lower).toBeCloseTo(r.lower, 12);
        expect(ci.upper).toBeCloseTo(r.upper, 12);
        expect(ci.bootstrapSd).toBeCloseTo(r.bootstrap_sd, 10);
      });
    }
  });
}
