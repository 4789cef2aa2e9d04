import type { ResolvedExperiment } from '../../experiment/resolved';
import { REFIT_FOLD } from '../prepare-fold';
import type { Study } from '../study';
import { MsPerUnit, fitShapes, measuredFitCost, msPerUnitTable } from './fit-costs';
import { batchFoldGroups } from './fold-groups';

/** One CV fit of the two-stage sweep: model `modelIndex` (experiment order), its configuration `configIndex` (grid order), on CV split `fold`. */
export interface FitItem {
  set: number;
  modelIndex: number;
  configIndex: number;
  fold: number;
}

/** The CV splits of a study (every fold but the refit), in plan order. */
export function cvFoldsOf(study: Pick<Study, 'plans'>): number[] {
  return study.plans.filter((p) => p.fold !== REFIT_FOLD).map((p) => p.fold);
}

/** Every CV fit of a feature set: model x configuration x CV split (`folds`), in the experiment's order. */
export function cvFitItems(exp: ResolvedExperiment, folds: number[], set: number): FitItem[] {
  return exp.models.flatMap((m, modelIndex) => m.configs.flatMap((_, configIndex) => folds.map((fold) => ({ set, modelIndex, configIndex, fold }))));
}

/** A fit's expected duration (ms on one thread). */
export type FitCost = (item: FitItem) => number;

/**
 * Packs fits into batches of about `targetMs` each (a batch is one queue task: it should take seconds,
 * so the queue's overhead stays small and a lost worker loses little). Fits are taken longest first
 * (stable: experiment order among equals) and a batch is closed once adding the next would pass the
 * target, so batches come out longest first too; a fit longer than the target is a batch of its own.
 * Which batch a fit is in never changes its result.
 */
export function batchFits(items: FitItem[], cost: FitCost, targetMs: number): FitItem[][] {
  if (!(targetMs > 0)) throw new Error(`batch target must be > 0 ms, got ${targetMs}`);
  const sorted = items.map((item, i) => ({ item, i, ms: cost(item) })).sort((a, b) => b.ms - a.ms || a.i - b.i);
  const batches: FitItem[][] = [];
  let current: FitItem[] = [];
  let sum = 0;
  for (const { item, ms } of sorted) {
    if (current.length > 0 && sum + ms > targetMs) {
      batches.push(current);
      current = [];
      sum = 0;
    }
    current.push(item);
    sum += ms;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A feature set's fits are cut into at least this many batches (when it has as many fits), so that up to 8 workers share even a small one. */
export const MIN_BATCHES_PER_SET = 8;
/** ...but no batch is planned shorter than this: below it the queue's hand-over (tens of ms a task) starts to count. */
export const MIN_BATCH_MS = 250;

/**
 * `items` packed by fold group (batchFoldGroups: a model's configurations on one fold in one batch) to
 * about `targetMs` each, or finer when the whole is small: the target is lowered to total /
 * MIN_BATCHES_PER_SET (not below MIN_BATCH_MS), so a feature set of 7 s of fits is 8 or so batches that
 * two, four or eight workers share evenly instead of four 2-s batches that two workers finish unevenly.
 */
export function spreadFits(items: FitItem[], cost: FitCost, targetMs: number): FitItem[][] {
  const total = items.reduce((s, item) => s + cost(item), 0);
  return batchFoldGroups(items, cost, Math.min(targetMs, Math.max(MIN_BATCH_MS, total / MIN_BATCHES_PER_SET)));
}

/**
 * Each feature set's stage-2 batches (feature-set order), packed by the fits' measured cost
 * (fit-costs.ts: the committed table, overridden by `measured`) to about `targetMs` each (spreadFits).
 */
export function planFitBatches(exp: ResolvedExperiment, study: Pick<Study, 'plans' | 'featureSets'>, targetMs: number, measured: MsPerUnit = {}): FitItem[][][] {
  const cost = measuredFitCost(exp, fitShapes(study), msPerUnitTable(measured));
  const folds = cvFoldsOf(study);
  return study.featureSets.map((_, set) => spreadFits(cvFitItems(exp, folds, set), cost, targetMs));
}
