import { Matrix, RadSweepInputError, Rng, takeLabels, takeRows } from '@radsweep/core';
import { BaseClassifier } from '../classifier';
import { ModelSpec } from '../model-spec';
import { dot, toFloat64, toNumbers } from '../linear/dense';
import { fitLinearSvmDual } from './linear-svc-dual';
import { innerSvms } from './inner-svm-cache';
import { IsotonicFit, fitIsotonic, isotonicProbability } from './isotonic-calibration';
import { fitPlatt, plattProbability } from './platt-scaling';
import { stratifiedTestFolds } from './stratified-folds';

export interface CalibratedSvmParams {
  [k: string]: number | string;
  method: 'sigmoid' | 'isotonic';
  C: number;
  cv: number;
  max_iter: number;
  tol: number;
}

/** One fold's pair: the SVM fitted on the other folds and the calibrator fitted on this fold. */
interface CalibratedFold {
  w: Float64Array;
  bias: number;
  sigmoid?: { a: number; b: number };
  isotonic?: IsotonicFit;
}

/**
 * The seed fixing the coordinate order of the dual solver: a constant, so that the model
 * is deterministic (the solver's order only changes the result within tol). scikit-learn
 * draws it from its global numpy state when random_state is None.
 */
const SOLVER_ORDER_SEED = 0x5eed;

/**
 * Calibrated linear SVM: scikit-learn
 * `CalibratedClassifierCV(LinearSVC(C=C, max_iter=10000), cv=3, method=..., ensemble=True)`.
 *
 * The training rows are split by `StratifiedKFold(cv)` without shuffling (`stratifiedTestFolds`).
 * For each fold f: a linear SVM (squared hinge, L2, penalised intercept; `fitLinearSvmDual`)
 * is fitted on the other folds, its decision values on fold f calibrate a map to
 * probabilities: 'sigmoid' = Platt scaling (`fitPlatt`), 'isotonic' = isotonic regression
 * (`fitIsotonic`). P(y = 1 | x) = mean over folds of calibrator_f(decision_f(x)).
 *
 * Parameters: method = 'sigmoid', C = 1 (scikit-learn's estimator__C), cv = 3,
 * max_iter = 10000 (solver passes), tol = 1e-4 (solver stop).
 * Reference: J. Platt 1999; B. Zadrozny, C. Elkan 2002; C.-J. Hsieh et al., ICML 2008;
 * scikit-learn 1.2 sklearn/calibration.py and sklearn/svm/_classes.py.
 */
export class CalibratedLinearSvm extends BaseClassifier<CalibratedSvmParams> {
  readonly id = 'calibrated_svm';
  private folds: CalibratedFold[] = [];

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const k = this.params.cv;
    const testFold = stratifiedTestFolds(y, k);
    const splits: { trainRows: number[]; calRows: number[] }[] = [];
    for (let f = 0; f < k; f++) {
      const trainRows: number[] = [];
      const calRows: number[] = [];
      for (let i = 0; i < y.length; i++) (testFold[i] === f ? calRows : trainRows).push(i);
      let pos = 0;
      for (const i of trainRows) pos += y[i];
      if (pos === 0 || pos === trainRows.length || calRows.length === 0) {
        throw new RadSweepInputError(`internal ${k}-fold calibration split leaves fold ${f} with one class: too few rows of a class (need at least ${k} of each)`, this.id);
      }
      splits.push({ trainRows, calRows });
    }
    // The SVMs do not depend on the method: a fit of the other method on the same rows reuses them.
    const key = { C: this.params.C, tol: this.params.tol, maxIter: this.params.max_iter, cv: k };
    const svms = innerSvms(key, x, y, () => {
      const rng = new Rng(SOLVER_ORDER_SEED);
      return splits.map(({ trainRows }) => fitLinearSvmDual(takeRows(x, trainRows), takeLabels(y, trainRows), this.params.C, this.params.tol, this.params.max_iter, 1, rng));
    });
    this.folds = splits.map(({ calRows }, f) => {
      const svm = svms[f];
      const fold: CalibratedFold = { w: svm.w, bias: svm.bias };
      const calX = takeRows(x, calRows);
      const score = new Float64Array(calRows.length);
      for (let i = 0; i < calRows.length; i++) score[i] = dot(calX.data, i * x.cols, svm.w, 0, x.cols) + svm.bias;
      const calY = takeLabels(y, calRows);
      if (this.params.method === 'sigmoid') fold.sigmoid = fitPlatt(score, calY);
      else fold.isotonic = fitIsotonic(score, calY);
      return fold;
    });
  }

  protected predictImpl(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let sum = 0;
      for (const fold of this.folds) {
        const s = dot(x.data, i * x.cols, fold.w, 0, x.cols) + fold.bias;
        sum += fold.sigmoid ? plattProbability(fold.sigmoid, s) : isotonicProbability(fold.isotonic!, s);
      }
      out[i] = sum / this.folds.length;
    }
    return out;
  }

  protected saveState(): unknown {
    return this.folds.map((f) => ({
      w: toNumbers(f.w),
      bias: f.bias,
      sigmoid: f.sigmoid,
      isotonic: f.isotonic && { x: toNumbers(f.isotonic.x), y: toNumbers(f.isotonic.y) },
    }));
  }

  protected loadState(state: unknown): void {
    this.folds = (state as any[]).map((f) => ({
      w: toFloat64(f.w, 'w'),
      bias: f.bias,
      sigmoid: f.sigmoid,
      isotonic: f.isotonic && { x: toFloat64(f.isotonic.x, 'isotonic.x'), y: toFloat64(f.isotonic.y, 'isotonic.y') },
    }));
  }
}

export const calibratedSvmSpec: ModelSpec = {
  id: 'calibrated_svm',
  label: 'Calibrated Classifier (linear SVM)',
  sklearn: 'CalibratedClassifierCV',
  defaults: { method: 'sigmoid', C: 1, cv: 3, max_iter: 10000, tol: 1e-4 },
  rules: {
    method: { kind: 'enum', values: ['sigmoid', 'isotonic'] },
    C: { kind: 'number', min: 0, exclusiveMin: true },
    cv: { kind: 'number', min: 2, integer: true },
    max_iter: { kind: 'number', min: 1, integer: true },
    tol: { kind: 'number', min: 0, exclusiveMin: true },
  },
  deterministic: true,
  notes:
    "Wraps LinearSVC(max_iter=10000) with cv=3 and ensemble=True as the protocol does; C is the SVM's (scikit-learn's estimator__C). The dual solver's coordinate order comes from a fixed seed, not the run seed (scikit-learn: random_state=None), so the model is deterministic; the order changes decision values only within the solver's tol. Platt's (A, B) are found by Newton instead of BFGS (same optimum, tighter).",
  parityExceptions: [
    { reference: 'wdbc-tied-plain-all', aucTolerance: 1e-9, probabilityTolerance: 2e-3, reason: 'Max |p diff| 1.0e-3, AUC identical: LinearSVC\'s dual coordinate descent stops at tol 1e-4 with a coordinate order from its own seeded generator, ours from another fixed order, so the two stopping points differ within that tol (see notes).' },
    { reference: 'wdbc-tied-plain-clinical', aucTolerance: 1e-9, probabilityTolerance: 1e-4, reason: 'Max |p diff| 8e-6, AUC identical: the dual solver\'s stopping point within tol 1e-4 (coordinate order), as on wdbc-tied-plain-all.' },
    { reference: 'wdbc-tied-plain-low15', aucTolerance: 1e-9, probabilityTolerance: 1e-4, reason: 'Max |p diff| 5.5e-6, AUC identical: the dual solver\'s stopping point within tol 1e-4 (coordinate order), as on wdbc-tied-plain-all.' },
    // The seed sweeps (tests/parity/seed-sweep-parity.test.ts): gaps measured 2026-12-04, bounds to be lowered, never raised.
    { reference: 'wdbc-sweep', aucTolerance: 1e-12, probabilityTolerance: 1e-2, reason: 'Max |p diff| 8.7e-3, test and CV AUC identical: liblinear\'s dual coordinate descent and the sigmoid fit stop at their tolerances at other points than ours (coordinate order, see notes), as on wdbc-tied-plain-all.' },
    { reference: 'crlm-synthetic-radiomics-sweep', aucTolerance: 1e-12, probabilityTolerance: 1e-5, reason: 'Max |p diff| 1.9e-6, test and CV AUC identical: the dual solver\'s stopping point within its tol (coordinate order), as on wdbc-sweep.' },
    { reference: 'crlm-synthetic-radiomics-clinical-sweep', aucTolerance: 1e-12, probabilityTolerance: 1e-5, reason: 'Max |p diff| 5.8e-6, test and CV AUC identical: the dual solver\'s stopping point within its tol (coordinate order), as on wdbc-sweep.' },
    // The tied cohort's sweeps (tests/parity/tied-sweep-parity.test.ts), measured 2026-12-04.
    { reference: 'wdbc-tied-sweep-all', aucTolerance: 1e-12, probabilityTolerance: 5e-5, reason: 'Max |p diff| 2.4e-5, test and CV AUC identical: the dual solver\'s stopping point within its tol (coordinate order), as on wdbc-sweep.' },
    { reference: 'wdbc-tied-sweep-clinical', aucTolerance: 1e-4, probabilityTolerance: 1e-9, reason: 'Test probabilities equal (max |p diff| 0), test AUC identical; CV AUC differs by 5.2e-5 (fold 5 of 5, 2.6e-4): scikit-learn scores some identical held-out rows 1-2 ulp apart (OpenBLAS computes rows of one matrix product in different kernel blocks), so pairs that are tied in the data count as ordered in its CV AUC; ours keeps identical rows tied. In that fold scikit-learn gives the held-out rows at (node_positive 0, stage 2) the probabilities 0.063698821907777134 and ...148 (scripts/reference/tied-sweep.py pipeline, measured 2026-12-04).' },
    { reference: 'wdbc-tied-sweep-low15', aucTolerance: 1e-12, probabilityTolerance: 5e-6, reason: 'Max |p diff| 1.2e-6, test and CV AUC identical: the dual solver\'s stopping point within its tol (coordinate order), as on wdbc-sweep.' },
  ],
  create: (params, seed) => new CalibratedLinearSvm(params as CalibratedSvmParams, seed),
};
