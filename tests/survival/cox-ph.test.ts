import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CoxPH } from '@radsweep/survival';
import { expectRelClose, hasShared, loadCohort, survivalReference } from './support/cohorts';

/**
 * Cox PH against R (survival 3.5.3): coxph on the Rotterdam cohort (8 raw covariates), Efron and
 * Breslow ties; survfit.coxph's predicted 5-year survival of the 686 GBSG patients (Efron fit).
 */
describe.skipIf(!hasShared)('Cox PH equals R survival::coxph on Rotterdam / GBSG', () => {
  const ref = hasShared ? survivalReference() : null;
  const features: string[] = ref?.features ?? [];
  const dev = hasShared ? loadCohort('rotterdam', features) : null;
  const ext = hasShared ? loadCohort('gbsg', features) : null;

  for (const ties of ['efron', 'breslow'] as const) {
    it(`${ties}: coefficients, standard errors and log-likelihood within 1e-6 relative`, () => {
      const r = ref[`cox_${ties}`];
      const m = new CoxPH({ ties, l2: 0, max_iter: 20, eps: 1e-9 }).fit(dev!.x, dev!.time, dev!.event);
      features.forEach((f, j) => {
        expectRelClose(m.coef[j], r.coef[f], 1e-6, `${ties} coef ${f}`);
        expectRelClose(m.fitInfo!.se[j], r.se[f], 1e-6, `${ties} se ${f}`);
      });
      expectRelClose(m.fitInfo!.loglik[0], r.loglik[0], 1e-6, `${ties} initial loglik`);
      expectRelClose(m.fitInfo!.loglik[1], r.loglik[1], 1e-6, `${ties} final loglik`);
      if (r.iterations !== undefined) expect(m.fitInfo!.iterations).toBe(r.iterations);
    });
  }

  it('efron: linear predictor and 5-year survival of all 686 GBSG patients within 1e-6', () => {
    const m = new CoxPH({ ties: 'efron', l2: 0, max_iter: 20, eps: 1e-9 }).fit(dev!.x, dev!.time, dev!.event);
    const preds: { id: number; linear_predictor: number; survival_5y: number }[] = ref.external_predictions;
    expect(preds.length).toBe(686);
    const lp = m.predictRisk(ext!.x);
    const s = m.predictSurvival(ext!.x, [ref.horizon_days]);
    const row = new Map(ext!.ids.map((id, i) => [id, i]));
    let worst = 0;
    for (const p of preds) {
      const i = row.get(p.id)!;
      expectRelClose(lp[i], p.linear_predictor, 1e-6, `lp of patient ${p.id}`, 1);
      expectRelClose(s.data[i], p.survival_5y, 1e-6, `S(5y) of patient ${p.id}`);
      worst = Math.max(worst, Math.abs(s.data[i] - p.survival_5y));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

/** Breslow-baseline survival and a ridge fit against R (scripts/reference/survival-cox.R -> tests/fixtures/survival-cox.json). */
describe.skipIf(!hasShared)('Cox PH: Breslow baseline and ridge equal R', () => {
  const fx = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/survival-cox.json'), 'utf8'));
  const dev = hasShared ? loadCohort('rotterdam', fx.features) : null;
  const ext = hasShared ? loadCohort('gbsg', fx.features) : null;
  const horizons: number[] = fx.horizons;

  const expectSurvival = (m: CoxPH, want: number[][], what: string) => {
    expect(ext!.ids).toEqual(fx.ids);
    const s = m.predictSurvival(ext!.x, horizons);
    want.forEach((row, i) => row.forEach((v, k) => expectRelClose(s.data[i * horizons.length + k], v, 1e-6, `${what} S(${horizons[k]}) of patient ${fx.ids[i]}`)));
  };

  it('breslow: survfit.coxph (ctype 1) survival of the 686 GBSG patients at 1, 3 and 5 years within 1e-6', () => {
    const m = new CoxPH({ ties: 'breslow', l2: 0, max_iter: 20, eps: 1e-9 }).fit(dev!.x, dev!.time, dev!.event);
    expectSurvival(m, fx.breslow_survival.surv, 'breslow');
  });

  it('ridge (l2 = theta = 50): coefficients, unpenalised loglik, penalty and survival within 1e-6', () => {
    const m = new CoxPH({ ties: 'efron', l2: fx.ridge.theta, max_iter: 20, eps: 1e-9 }).fit(dev!.x, dev!.time, dev!.event);
    fx.ridge.coef.forEach((c: number, j: number) => expectRelClose(m.coef[j], c, 1e-6, `ridge coef ${fx.features[j]}`));
    expectRelClose(m.fitInfo!.loglik[1], fx.ridge.loglik[1], 1e-6, 'ridge loglik');
    expectRelClose(m.fitInfo!.penalty, fx.ridge.penalty[1], 1e-6, 'ridge penalty');
    expectSurvival(m, fx.ridge.surv, 'ridge');
  });

  it('the tie method changes the baseline: Breslow survival differs from Efron survival by more than the tolerance', () => {
    const efron = new CoxPH({ ties: 'efron', l2: 0, max_iter: 20, eps: 1e-9 }).fit(dev!.x, dev!.time, dev!.event);
    const breslow = new CoxPH({ ties: 'breslow', l2: 0, max_iter: 20, eps: 1e-9 }).fit(dev!.x, dev!.time, dev!.event);
    const a = efron.predictSurvival(ext!.x, [1826]).data;
    const b = breslow.predictSurvival(ext!.x, [1826]).data;
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-5);
  });
});
