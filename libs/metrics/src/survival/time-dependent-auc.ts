import { RadSweepInputError } from '@radsweep/core';
import { censoringInfluence, firstTieBlockEnd, influenceStdErr, ipcwSetup, IpcwSetup, nextTieBlock } from './ipcw';
import { ScoreAtHorizon, scoreWithCi } from './score-at-horizon';
import { checkHorizon, checkPerPatient, checkSurvival } from './survival-input';

/**
 * Cumulative/dynamic time-dependent AUC at horizon t with IPCW (Kaplan-Meier censoring model): cases have
 * the event by t (T_i <= t, event), weighted 1 / G(T_i-); controls are still under observation after t,
 * weighted 1 / G(t); patients censored before t weigh 0.
 * AUC(t) = sum_{case i, control j} w_i w_j (1[r_i > r_j] + 1/2 1[r_i = r_j]) / (sum_i w_i sum_j w_j),
 * r = predicted risk (any score increasing in risk). Standard error sd(IF) / sqrt(n) with the influence
 * function including the term from estimating G; interval AUC -/+ z se clipped to [0, 1].
 * Reference: Uno et al., JASA 102, 2007; Blanche, Dartigues & Jacqmin-Gadda, Stat Med 32, 2013;
 * riskRegression::Score(metrics = "auc", cens.model = "km", conservative = FALSE) (2022.11.28:
 * AUC.survival.R, getInfluenceCurve.R, src/getInfluenceFunctionAUC.cpp getIC0AUC and
 * getInfluenceFunctionAUCKMCensoringTerm, ported line by line).
 */
export function timeDependentAuc(time: Float64Array, event: Uint8Array, risk: Float64Array, horizon: number, level = 0.95): ScoreAtHorizon {
  checkSurvival('timeDependentAuc', time, event);
  checkPerPatient('timeDependentAuc', 'risk', risk, time.length);
  checkHorizon('timeDependentAuc', horizon, time);
  const s = ipcwSetup(time, event, horizon);
  const r = Float64Array.from(s.order, (i) => risk[i]);
  const isCase = (i: number) => s.time[i] <= horizon && s.event[i] === 1;
  const isControl = (i: number) => s.time[i] > horizon;
  const weights = new Float64Array(s.n);
  let muCase = 0;
  let muControls = 0;
  for (let i = 0; i < s.n; i++) {
    if (isCase(i)) {
      weights[i] = 1 / s.gBefore[i];
      muCase += weights[i];
    } else if (isControl(i)) {
      weights[i] = 1 / s.gHorizon;
      muControls += weights[i];
    }
  }
  if (muCase === 0) throw new RadSweepInputError(`timeDependentAuc: no event by the horizon ${horizon}`, 'horizon');
  if (muControls === 0) throw new RadSweepInputError(`timeDependentAuc: nobody is followed beyond the horizon ${horizon}`, 'horizon');
  // ic0Case[i]: weighted controls ranked below case i (ties 1/2); ic0Control[j]: weighted cases ranked above j
  const ic0Case = new Float64Array(s.n);
  const ic0Control = new Float64Array(s.n);
  const byRisk = Int32Array.from({ length: s.n }, (_, i) => i).sort((a, b) => r[a] - r[b]);
  halfTiedSums(byRisk, r, weights, isCase, ic0Control, true);
  halfTiedSums(byRisk, r, weights, isControl, ic0Case, false);
  let pairs = 0;
  for (let i = 0; i < s.n; i++) if (isCase(i)) pairs += weights[i] * ic0Case[i];
  const auc = pairs / (muCase * muControls);
  const n = s.n;
  const mu = (muCase * muControls) / (n * n);
  const nu = auc * mu;
  const ic0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let num = 0;
    let den = 0;
    if (isCase(i)) {
      num = (weights[i] / n) * ic0Case[i];
      den = (weights[i] / n) * muControls;
    } else if (isControl(i)) {
      num = (weights[i] / n) * ic0Control[i];
      den = (weights[i] / n) * muCase;
    }
    ic0[i] = (num * mu - den * nu) / (mu * mu);
  }
  const censoringTerm = aucCensoringTerm(s, isCase, ic0Case, ic0Control, weights, muCase, muControls, nu);
  const influence = Float64Array.from(ic0, (v, i) => v + censoringTerm[i]);
  return scoreWithCi('timeDependentAuc', horizon, auc, influenceStdErr(influence), level);
}

/**
 * For each patient, the weight of the `counted` patients on the other side of it in risk order (above it
 * when `fromTop`, else below), patients tied on risk counting 1/2 and the patient itself excluded:
 * 0.5 (sum strictly beyond + sum up to and including its tie block), as getIC0AUC.
 */
function halfTiedSums(
  byRisk: Int32Array,
  r: Float64Array,
  weights: Float64Array,
  counted: (i: number) => boolean,
  out: Float64Array,
  fromTop: boolean,
): void {
  const n = byRisk.length;
  let previous = 0;
  let current = 0;
  for (let step = 0; step < n; ) {
    let end = step;
    const at = (k: number) => byRisk[fromTop ? n - 1 - k : k];
    while (end < n && r[at(end)] === r[at(step)]) {
      if (counted(at(end))) current += weights[at(end)];
      end++;
    }
    for (let k = step; k < end; k++) {
      const i = at(k);
      out[i] = 0.5 * (previous + current - (counted(i) ? weights[i] : 0));
    }
    previous = current;
    step = end;
  }
}

/** riskRegression's getInfluenceFunctionAUCKMCensoringTerm for survival data (no competing event). */
function aucCensoringTerm(
  s: IpcwSetup,
  isCase: (i: number) => boolean,
  ic0Case: Float64Array,
  ic0Control: Float64Array,
  weights: Float64Array,
  muCase: number,
  muControls: number,
  nu: number,
): Float64Array {
  const n = s.n;
  const nn = n * n;
  let sumPartNum = 0;
  for (let i = s.lastBeforeHorizon + 1; i < n; i++) sumPartNum += ic0Control[i];
  sumPartNum /= s.gHorizon;
  const sumPartDen = (n - (s.lastBeforeHorizon + 1)) / s.gHorizon;
  const term3NumPart2 = nu * nn - sumPartNum;
  const term3DenPart2 = muControls - sumPartDen;
  let term2NumPart1 = 0;
  let term2DenPart1 = 0;
  let term2NumPart2 = nu * nn;
  let term2DenPart2 = muCase;
  const firstEnd = firstTieBlockEnd(s);
  for (let k = 0; k < firstEnd; k++) {
    if (!isCase(k)) continue;
    term2NumPart2 -= ic0Case[k] * weights[k];
    term2DenPart2 -= weights[k];
  }
  const mu = (muCase * muControls) / nn;
  let blockEnd = firstEnd - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = censoringInfluence(s, i);
    const term2Num = (term2NumPart1 + f * term2NumPart2) / nn;
    const term2Den = ((term2DenPart1 + f * term2DenPart2) * muControls) / nn;
    const term3Num = (f * term3NumPart2 + f * sumPartNum) / nn;
    const term3Den = ((f * term3DenPart2 + f * sumPartDen) * muCase) / nn;
    if (i === blockEnd) {
      const [a, b] = nextTieBlock(s, i);
      const mc = s.martingaleTerm[s.timeIndex[i]];
      for (let k = a; k < b; k++) {
        if (!isCase(k)) continue;
        term2NumPart1 -= ic0Case[k] * mc * weights[k];
        term2DenPart1 -= mc * weights[k];
        term2NumPart2 -= ic0Case[k] * weights[k];
        term2DenPart2 -= weights[k];
      }
      blockEnd = b - 1;
    }
    out[i] = ((term2Num + term3Num) * mu - (term2Den + term3Den) * nu) / (mu * mu);
  }
  return out;
}
