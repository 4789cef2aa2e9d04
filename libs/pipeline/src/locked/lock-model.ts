import { RadSweepInputError } from '@radsweep/core';
import type { ExperimentResults, ModelResult } from '../engine/results';
import type { SurvivalExperimentResults, SurvivalModelResult } from '../engine/survival-results';
import { softwareVersions } from '../engine/software-versions';
import type { KeptModel } from './kept-model';
import type { LockedModel } from './locked-model';
import { samplerEntry } from './sampler-note';
import { preprocessingFormatVersion } from './preprocessing-state';

/** Which model of a results file: its feature set and model id (and, for survival runs, its endpoint). */
export interface ModelRef {
  model: string;
  featureSet?: string;
  endpoint?: string;
}

type AnyResults = ExperimentResults | SurvivalExperimentResults;

/** Finds a model's result in a results file, refusing an ambiguous or unknown reference and a model without a refit. */
export function findModelResult(results: AnyResults, ref: ModelRef): { endpoint?: string; featureSet: string; result: ModelResult | SurvivalModelResult } {
  const candidates: { endpoint?: string; featureSet: string; result: ModelResult | SurvivalModelResult }[] = [];
  if ('endpoints' in results) {
    for (const e of results.endpoints) {
      if (ref.endpoint && e.name !== ref.endpoint) continue;
      for (const fs of e.featureSets) if (!ref.featureSet || fs.name === ref.featureSet) for (const m of fs.models) if (m.model === ref.model) candidates.push({ endpoint: e.name, featureSet: fs.name, result: m });
    }
  } else {
    for (const fs of results.featureSets) if (!ref.featureSet || fs.name === ref.featureSet) for (const m of fs.models) if (m.model === ref.model) candidates.push({ featureSet: fs.name, result: m });
  }
  const named = `model '${ref.model}'${ref.featureSet ? ` of feature set '${ref.featureSet}'` : ''}${ref.endpoint ? ` of endpoint '${ref.endpoint}'` : ''}`;
  if (candidates.length === 0) throw new RadSweepInputError(`the results have no ${named}`, '--model');
  if (candidates.length > 1) {
    const where = candidates.map((c) => (c.endpoint ? `${c.endpoint}/${c.featureSet}` : c.featureSet)).join(', ');
    throw new RadSweepInputError(`${named} is in several places (${where}); name one with --feature-set${'endpoints' in results ? ' and --endpoint' : ''}`, '--model');
  }
  const found = candidates[0];
  if (found.result.error || !found.result.refitParams) throw new RadSweepInputError(`${named} has no refit to lock (${found.result.error ?? 'no configuration'})`, '--model');
  return found;
}

/**
 * The locked model (without its sha256) of one model of a finished run: its kept refit, the run's
 * endpoint, threshold and training data, and the software locking it.
 */
export function lockedModelBody(results: AnyResults, ref: ModelRef, kept: KeptModel, lockedAt = new Date().toISOString()): Omit<LockedModel, 'sha256'> {
  const found = findModelResult(results, ref);
  const m = found.result;
  const cv = 'cIndex' in m.cv ? { metric: 'harrell_c' as const, ...m.cv.cIndex } : { metric: 'roc_auc' as const, ...m.cv.auc };
  const base = {
    format: 'radsweep-locked-model' as const,
    formatVersion: preprocessingFormatVersion(kept.preprocessing),
    lockedAt,
    software: softwareVersions(),
    source: {
      experiment: results.experiment.name,
      featureSet: found.featureSet,
      model: m.model,
      label: m.label,
      bestParams: m.bestParams,
      refitParams: m.refitParams!,
      cv,
      seed: results.seed,
      leaky: results.leaky,
    },
    preprocessing: kept.preprocessing,
    model: { kind: kept.kind, saved: kept.model },
    calibration: null,
  };
  if ('endpoints' in results) {
    const e = results.endpoints.find((x) => x.name === found.endpoint)!;
    const last = e.horizons[e.horizons.length - 1];
    const atHorizon = kept.kind === 'classifier_at_horizon';
    const split = e.featureSets.length > 0 ? riskSplit(results, e.name) : 'median';
    return {
      ...base,
      training: { datasetPath: results.dataset.path, datasetSha256: results.dataset.sha256, datasetRows: results.dataset.rows, trainingRows: e.split.trainIds.length, idColumn: results.dataset.idColumn },
      endpoint: {
        type: 'survival',
        name: e.name,
        timeColumn: e.timeColumn,
        eventColumn: e.eventColumn,
        eventCodes: e.eventCodes,
        horizons: atHorizon ? [e.horizons[0]] : e.horizons,
        endpointHorizons: e.horizons,
        riskGroups: { split, cutoffs: kept.riskGroupCutoffs ?? [] },
        ibsTimes: atHorizon ? [] : Array.from({ length: results.settings.metrics.ibsTimes }, (_, k) => (last * (k + 1)) / results.settings.metrics.ibsTimes),
      },
      sampler: null,
    };
  }
  return {
    ...base,
    training: { datasetPath: results.dataset.path, datasetSha256: results.dataset.sha256, datasetRows: results.dataset.rows, trainingRows: results.split.trainIds.length, idColumn: results.dataset.idColumn },
    endpoint: { type: 'binary', labelColumn: results.dataset.labelColumn, positiveClass: results.dataset.positiveClass, threshold: results.settings.metrics.threshold },
    sampler: samplerEntry(results.settings.sampler),
  };
}

/** The risk-group split a survival endpoint used (its test metrics record it). */
function riskSplit(results: SurvivalExperimentResults, endpoint: string): 'median' | 'tertiles' {
  const e = results.endpoints.find((x) => x.name === endpoint)!;
  for (const fs of e.featureSets) for (const m of fs.models) if (m.test) return m.test.riskGroups.split;
  return 'median';
}
