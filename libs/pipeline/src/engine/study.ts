import { RadSweepInputError } from '@radsweep/core';
import { Dataset, Table, buildDataset, readTable, selectFeatures } from '../io';
import { foldsFromAssignment, holdoutFromIds, repeatedStratifiedKFold, stratifiedHoldout, stratifiedKFold } from '../splitters';
import { ResolvedExperiment, featureSetSteps } from '../experiment/resolved';
import { displayPath } from '../experiment/experiment-file';
import type { RowContext } from '../step';
import { FoldPlan, REFIT_FOLD } from './prepare-fold';
import { readStepContext } from './row-context';

/**
 * Everything data-dependent an experiment needs before any fit: the data set,
 * the train/test split, the CV splits of the training part and each feature
 * set's columns. Built by `prepareStudy`, which is also what `radsweep validate`
 * runs, so a study that validates has no data error left.
 */
export interface Study {
  dataset: Dataset;
  /** Training rows (data-set row indices) in split order; CV folds are defined on this order. */
  trainRows: Int32Array;
  /** Test rows in split order. */
  testRows: Int32Array;
  /** CV split of each training row, one assignment per repeat (fold numbers 0..k-1). */
  foldAssignments: Int32Array[];
  /** Folds per repeat. */
  foldsPerRepeat: number;
  /** The CV splits (repeat r, fold f -> split r * k + f) and the final refit (held-out = test rows). */
  plans: FoldPlan[];
  featureSets: { name: string; features: string[] }[];
  /** Non-feature columns the steps read per row (combat's batch and covariates), every row; absent when none. */
  context?: RowContext;
  loadMs: number;
}

export async function prepareStudy(exp: ResolvedExperiment): Promise<Study> {
  const started = performance.now();
  const { dataset, featureSets, context } = await loadStudyData(exp);
  const parts = splitAndFolds(exp, dataset.ids, dataset.label, (plan) => checkBothClasses(dataset, plan.heldRows, heldPartName(plan.fold)));
  return { dataset, ...parts, featureSets, ...(context ? { context } : {}), loadMs: performance.now() - started };
}

/**
 * Reads the data file and matches each feature set's columns; `outcomeColumns` (survival time and event
 * columns) are never candidate features.
 */
export async function loadStudyData(
  exp: ResolvedExperiment,
  outcomeColumns: string[] = [],
): Promise<{ table: Table; dataset: Dataset; featureSets: Study['featureSets']; context?: RowContext }> {
  const table = await readTable(exp.dataset.file);
  const dataset = buildDataset(table, {
    idColumn: exp.dataset.idColumn,
    labelColumn: exp.dataset.labelColumn,
    positiveClass: exp.dataset.positiveClass,
    outcomeColumns,
  });
  const where = (key: string) => `${displayPath(exp.file)}: ${key}`;
  const featureSets = exp.featureSets.map((fs, i) => ({
    name: fs.name,
    features: selectFeatures(dataset, fs.include, fs.exclude ?? [], where(`featureSets[${i}]`)),
  }));
  featureSets.forEach((fs, i) => {
    if (featureSetSteps(exp, i)[0]?.id !== 'median_imputer') requireComplete(dataset, fs.features, where(`featureSets[${i}]`));
  });
  const context = readStepContext(table, exp, [exp.dataset.labelColumn, ...outcomeColumns].filter((c) => c !== ''), where);
  return { table, dataset, featureSets, ...(context ? { context } : {}) };
}

/**
 * The train/test split and the CV splits of the training part, stratified on `strata`; `checkPart` vets
 * every split (its held-out rows and the rows it is fitted on) before the next one is made.
 */
export type StudyParts = Pick<Study, 'trainRows' | 'testRows' | 'foldAssignments' | 'foldsPerRepeat' | 'plans'>;

export function splitAndFolds(exp: ResolvedExperiment, ids: string[], strata: Uint8Array, checkPart: (plan: FoldPlan) => void): StudyParts {
  const split =
    exp.split.type === 'test_ids'
      ? holdoutFromIds(ids, exp.split.ids, exp.split.shown)
      : stratifiedHoldout(strata, exp.split.testSize, exp.seed);
  const trainRows = split.trainSplitOrder;
  const testRows = split.testSplitOrder;
  const trainY = Uint8Array.from(trainRows, (r) => strata[r]);
  const trainIds = Array.from(trainRows, (r) => ids[r]);
  let foldAssignments: Int32Array[];
  if (exp.cv.type === 'stratified_kfold') foldAssignments = [stratifiedKFold(trainY, exp.cv.folds, exp.seed, true)];
  else if (exp.cv.type === 'repeated_stratified_kfold') foldAssignments = repeatedStratifiedKFold(trainY, exp.cv.folds, exp.cv.repeats, exp.seed);
  else foldAssignments = [foldsFromAssignment(trainIds, exp.cv.foldOfId, exp.cv.shown)];
  const foldsPerRepeat = Math.max(...foldAssignments[0]) + 1;
  const plans: FoldPlan[] = [];
  foldAssignments.forEach((assignment, r) => {
    for (let f = 0; f < foldsPerRepeat; f++) {
      const held = trainRows.filter((_, i) => assignment[i] === f);
      const fit = trainRows.filter((_, i) => assignment[i] !== f);
      plans.push({ fold: r * foldsPerRepeat + f, fitRows: fit, heldRows: held });
      checkPart(plans[plans.length - 1]);
    }
  });
  plans.push({ fold: REFIT_FOLD, fitRows: trainRows, heldRows: testRows });
  checkPart(plans[plans.length - 1]);
  return { trainRows, testRows, foldAssignments, foldsPerRepeat, plans };
}

/** The held-out part of a split, as messages name it. */
export function heldPartName(fold: number): string {
  return fold === REFIT_FOLD ? 'the test part' : `CV split ${fold} (held-out rows)`;
}

/** A held-out part with one class has no ROC AUC: refuse it up front, naming the part. */
function checkBothClasses(ds: Dataset, rows: Int32Array, what: string): void {
  let pos = 0;
  for (const r of rows) pos += ds.label[r];
  if (pos === 0 || pos === rows.length) {
    throw new RadSweepInputError(`${what} holds ${rows.length} patients of one class only (${pos} positives): no ROC AUC can be computed`, ds.source);
  }
}

/** Without an imputer first in the chain, a missing cell would reach a step or a model: name the first one. */
function requireComplete(ds: Dataset, features: string[], where: string): void {
  for (const f of features) {
    const col = ds.columns.get(f)!;
    let missing = 0;
    let first = -1;
    for (let i = 0; i < col.length; i++) {
      if (Number.isNaN(col[i])) {
        missing++;
        if (first < 0) first = i;
      }
    }
    if (missing > 0) {
      throw new RadSweepInputError(
        `column '${f}' has ${missing} missing value(s) (first at ${ds.rowLabel(first)}) but the steps do not start with median_imputer; add it or exclude the column`,
        where,
      );
    }
  }
}
