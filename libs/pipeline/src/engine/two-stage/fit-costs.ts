import type { Params } from '@radsweep/classifiers';
import type { ResolvedExperiment } from '../../experiment/resolved';
import { REFIT_FOLD } from '../prepare-fold';
import type { Study } from '../study';
import { estimateTaskCost } from '../task-cost';
import type { FitCost } from './fit-batches';
import { MEASURED_MS_PER_UNIT } from './measured-fit-costs';

/**
 * Fit times measured on this engine, as the stage-2 batches are sized from them. One CV fit of a model
 * costs about `msPerUnit[model] x units`, with
 *
 *   units = rows x features x size(params)
 *
 * rows: the mean training rows of a CV split (before any sampler), features: the feature set's columns
 * (before any selector), both known when a run is launched; size: the model's relative size from its
 * parameters (trees, boosting rounds, depth: estimateTaskCost, 1 for a model without one). `msPerUnit`
 * comes from a committed table (benchmarks/fit-costs.bench.ts) and, on the tracking server, from the
 * running mean of the fits it recorded. It only sizes and orders batches; it never changes a result.
 */
export interface FitShape {
  rows: number;
  features: number;
}

/** ms of one fit per unit, by model id. */
export type MsPerUnit = Record<string, number>;

/** Each feature set's shape in a study (feature-set order). */
export function fitShapes(study: Pick<Study, 'plans' | 'featureSets'>): FitShape[] {
  const cv = study.plans.filter((p) => p.fold !== REFIT_FOLD);
  const rows = cv.length > 0 ? cv.reduce((s, p) => s + p.fitRows.length, 0) / cv.length : 0;
  return study.featureSets.map((fs) => ({ rows, features: fs.features.length }));
}

export function fitUnits(modelId: string, params: Params, shape: FitShape): number {
  return shape.rows * shape.features * estimateTaskCost(modelId, params);
}

/** The committed table, overridden by `measured` (e.g. the server's running means) where it has a model. */
export function msPerUnitTable(measured: MsPerUnit = {}): MsPerUnit {
  return { ...MEASURED_MS_PER_UNIT, ...measured };
}

/** A model absent from the table costs the table's median (middle value; the lower of the two middle ones). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 1 : sorted[(sorted.length - 1) >> 1];
}

/** A fit's cost in ms from the table: what batchFits packs by. */
export function measuredFitCost(exp: ResolvedExperiment, shapes: FitShape[], msPerUnit: MsPerUnit): FitCost {
  const fallback = median(Object.values(msPerUnit));
  return (item) => {
    const model = exp.models[item.modelIndex];
    return (msPerUnit[model.id] ?? fallback) * fitUnits(model.id, model.configs[item.configIndex].params, shapes[item.set]);
  };
}

/** One recorded fit: which model, its units, and how long it took. */
export interface FitSample {
  modelId: string;
  units: number;
  ms: number;
}

/** Per model: the mean ms per unit of its samples and their number (samples with no units or no time are left out). */
export function meanMsPerUnit(samples: FitSample[]): Map<string, { msPerUnit: number; fits: number }> {
  const sums = new Map<string, { sum: number; fits: number }>();
  for (const s of samples) {
    if (!(s.units > 0 && s.ms > 0)) continue;
    const acc = sums.get(s.modelId) ?? { sum: 0, fits: 0 };
    acc.sum += s.ms / s.units;
    acc.fits++;
    sums.set(s.modelId, acc);
  }
  return new Map([...sums].map(([id, { sum, fits }]) => [id, { msPerUnit: sum / fits, fits }]));
}
