import type { ValidationReport } from '@radsweep/pipeline';
import type { ExternalPredictionSetEntity } from './external-validation.entities';

type PredictionRow = Omit<ExternalPredictionSetEntity, 'validation' | 'validationId'>;

const EMPTY = { centres: null, labels: null, probabilities: null, times: null, events: null, linearPredictors: null, survivalTimes: null, survival: null };

/**
 * A validation report split for the store: the report without its per-patient predictions (jsonb; JSON
 * has no NaN, so an undefined metric is stored as null, as the results files write it) and the predictions
 * as parallel arrays ('external': the locked model on every patient; 'recalibrated': the recalibrated model
 * on the rows it was not fitted on).
 */
export function splitValidationReport(report: ValidationReport): { report: Record<string, unknown>; predictions: PredictionRow[] } {
  const r = report.results;
  const predictions: PredictionRow[] = [];
  if (r.kind === 'binary') {
    const p = r.predictions;
    predictions.push({
      ...EMPTY,
      kind: 'external',
      ids: p.map((x) => x.id),
      centres: report.centreColumn ? p.map((x) => x.centre!) : null,
      labels: p.map((x) => x.label),
      probabilities: p.map((x) => x.probability),
    });
    if (r.recalibration) {
      const q = r.recalibration.predictions;
      predictions.push({ ...EMPTY, kind: 'recalibrated', ids: q.map((x) => x.id), labels: q.map((x) => x.label), probabilities: q.map((x) => x.probability) });
    }
  } else {
    const p = r.predictions;
    predictions.push({
      ...EMPTY,
      kind: 'external',
      ids: p.map((x) => x.id),
      centres: report.centreColumn ? p.map((x) => x.centre!) : null,
      times: p.map((x) => x.time),
      events: p.map((x) => x.event),
      linearPredictors: p.map((x) => x.linearPredictor),
      survivalTimes: r.times,
      survival: p.flatMap((x) => x.survival),
    });
  }
  const results = { ...r, predictions: undefined, ...(r.kind === 'binary' && r.recalibration ? { recalibration: { ...r.recalibration, predictions: undefined } } : {}) };
  return { report: JSON.parse(JSON.stringify({ ...report, results })) as Record<string, unknown>, predictions };
}
