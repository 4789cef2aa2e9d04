import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, takeCols } from '@radsweep/core';
import { normalCdf } from '@radsweep/metrics';
import { CoxUnivariateSelector } from '@radsweep/pipeline';
import { CoxPH } from '@radsweep/survival';
import { REPO } from '../engine/support';

/**
 * The survival filter: a univariate Cox model (Efron) per column, kept when its Wald p < alpha. CoxPH
 * equals R's coxph (coefficients and SEs within 1e-6 on the reference, tests/survival/cox-ph.test.ts),
 * so each column's p is R's summary(coxph(Surv(time, event) ~ column))$coefficients[, 'Pr(>|z|)'].
 */
const lines = readFileSync(join(REPO, 'examples/data/rotterdam.csv'), 'utf8').trim().split('\n');
const header = lines[0].replace(/"/g, '').split(',');
const rows = lines.slice(1).map((l) => l.split(',').map(Number));
const features = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];
const col = (name: string) => header.indexOf(name);
// The eight features, a constant column and a seeded pure-noise column (a fixed LCG: no link to the outcome).
let state = 12345;
const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const data = rows.flatMap((r) => [...features.map((f) => r[col(f)]), 3, noise()]);
const x: Matrix = { rows: rows.length, cols: features.length + 2, data: Float64Array.from(data) };
const time = Float64Array.from(rows, (r) => r[col('time')]);
const event = Uint8Array.from(rows, (r) => r[col('event')]);

describe('cox_univariate selector', () => {
  const selector = new CoxUnivariateSelector({ alpha: 0.05 }).fitSurvival(x, time, event);
  const report = selector.report();

  it("each column's p is the Wald p of its own Cox model", () => {
    for (const j of [0, 4, 9]) {
      const cox = new CoxPH({ ties: 'efron', l2: 0, max_iter: 20, eps: 1e-9 }).fit(takeCols(x, Int32Array.of(j)), time, event);
      const z = cox.coef[0] / cox.fitInfo!.se[0];
      expect(report.scores[j]).toBe(2 * normalCdf(-Math.abs(z)));
    }
  });

  it('keeps the known prognostic factors, drops the constant and the noise column', () => {
    const kept = Array.from(report.selected, (j) => [...features, 'constant', 'noise'][j]);
    for (const f of ['size', 'grade', 'nodes']) expect(kept).toContain(f);
    expect(kept).not.toContain('constant');
    expect(report.scores[8]).toBe(1);
    expect(report.scores[9]).toBeGreaterThan(0.05);
    expect(kept).not.toContain('noise');
    expect(report.fallbackUsed).toBe(false);
    expect(selector.transform(x).cols).toBe(report.selected.length);
  });

  it('falls back to the k smallest p when nothing passes alpha', () => {
    const strict = new CoxUnivariateSelector({ alpha: 1e-300, fallbackK: 2 }).fitSurvival(x, time, event).report();
    expect(strict.fallbackUsed).toBe(true);
    expect(strict.selected).toHaveLength(2);
  });

  it('refuses a binary fit: it needs the follow-up', () => {
    expect(() => new CoxUnivariateSelector().fit()).toThrow(/cox_univariate: needs a survival outcome/);
  });
});
