import { describe, expect, it } from 'vitest';
import { ComponentwiseCoxBoost, CoxPH } from '@radsweep/survival';
import { simulateSurvival } from './support/synthetic';

/**
 * Componentwise Cox boosting checked two independent ways: its first step against a direct
 * computation (martingale residuals at f = 0 are event - Nelson-Aalen hazard; least squares on the
 * best centred covariate), and its limit: with many steps it climbs to the unpenalised Breslow Cox
 * fit, which the Cox PH model (checked against R) gives.
 */
describe('gradient-boosted Cox (componentwise linear)', () => {
  const data = simulateSurvival(300, 4, 5);
  const { x, time, event } = data;
  const n = x.rows;
  const p = x.cols;

  it('one step = learning_rate x least-squares slope of the martingale residuals on the best covariate', () => {
    // Nelson-Aalen at each row's time, O(n^2) on purpose
    const u = Array.from({ length: n }, (_, i) => {
      let h = 0;
      for (const tk of new Set(Array.from(time).filter((_, k) => event[k]))) {
        if (tk > time[i]) continue;
        let d = 0;
        let r = 0;
        for (let l = 0; l < n; l++) {
          if (time[l] === tk && event[l]) d++;
          if (time[l] >= tk) r++;
        }
        h += d / r;
      }
      return event[i] - h;
    });
    let bestJ = -1;
    let bestGain = -1;
    let bestB = 0;
    for (let j = 0; j < p; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x.data[i * p + j] / n;
      let xu = 0;
      let xx = 0;
      for (let i = 0; i < n; i++) {
        const c = x.data[i * p + j] - m;
        xu += c * u[i];
        xx += c * c;
      }
      if (xu * xu / xx > bestGain) [bestJ, bestGain, bestB] = [j, xu * xu / xx, xu / xx];
    }
    const m = new ComponentwiseCoxBoost({ n_estimators: 1, learning_rate: 0.1 }).fit(x, time, event);
    m.coef.forEach((c, j) => (j === bestJ ? expect(c).toBeCloseTo(0.1 * bestB, 12) : expect(c).toBe(0)));
  });

  it('many steps reach the Breslow Cox maximum likelihood estimate (within 1e-6 relative)', () => {
    const boost = new ComponentwiseCoxBoost({ n_estimators: 3000, learning_rate: 0.5 }).fit(x, time, event);
    const cox = new CoxPH({ ties: 'breslow', l2: 0, max_iter: 50, eps: 1e-12 }).fit(x, time, event);
    cox.coef.forEach((c, j) => expect(Math.abs(boost.coef[j] - c) / Math.abs(c), `coef ${j}`).toBeLessThan(1e-6));
  });

  it('the learning rate and step count shrink the fit towards zero', () => {
    const short = new ComponentwiseCoxBoost({ n_estimators: 20, learning_rate: 0.1 }).fit(x, time, event);
    const long = new ComponentwiseCoxBoost({ n_estimators: 200, learning_rate: 0.1 }).fit(x, time, event);
    const norm = (c: Float64Array) => Math.hypot(...c);
    expect(norm(short.coef)).toBeLessThan(norm(long.coef));
  });
});
