import type { Table } from '../io';
import { TransportCohort, TransportabilityReport, transportCohortFromTable, transportabilityReport } from '../transport';
import { LockedModelInput, lockedModelInput } from './harmonised-input';
import type { LockedModel } from './locked-model';
import { harmonisationStages } from './preprocessing-state';

/** The development cohort an external cohort is compared with (the model's training data file, or another file named by the user). */
export interface DevelopmentCohort {
  table: Table;
  /** Shown in the report (default: the table's source). */
  name?: string;
}

/** The transportability report of a locked model on one external cohort, and what it was computed on. */
export interface CohortTransportability {
  development: { source: string; sha256: string; rows: number; matchesTraining: boolean };
  /** 'as in the files', or harmonised by the model's combat step(s) (each unseen centre from its own rows). */
  featureValues: string;
  report: TransportabilityReport;
}

/**
 * The case mix of an external cohort against the development cohort for a locked model
 * (transportabilityReport): SMDs of the model's selected features (as the model sees them: after its
 * combat steps, when it has any, before the column-wise steps after the last one) and of the clinical
 * variables (default: the combat steps' covariates), missingness, outcome rate or events and follow-up, membership-model AUC, the
 * features ranked by |SMD|. `externalInput` is the external cohort's lockedModelInput when the caller
 * already has it (the same values either way).
 */
export function lockedTransportability(
  locked: LockedModel,
  development: DevelopmentCohort,
  external: { table: Table; name: string; input?: LockedModelInput },
  options: { seed: number; clinical?: string[] },
): CohortTransportability {
  const pre = locked.preprocessing;
  const combats = harmonisationStages(pre).map((s) => s.combat.params);
  const keys = [locked.training.idColumn];
  const ep = locked.endpoint;
  const outcome = ep.type === 'binary' ? { label: ep.labelColumn, positiveClass: ep.positiveClass } : { time: ep.timeColumn, event: ep.eventColumn };
  const cohort = (table: Table, name: string, input: LockedModelInput | undefined): TransportCohort => {
    const c = withEventCodes(transportCohortFromTable(table, name, outcome), ep);
    if (combats.length === 0) return c;
    const x = (input ?? lockedModelInput(locked, table, keys)).x;
    const columns = { ...c.columns };
    pre.features.forEach((f, j) => (columns[f] = Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j])));
    return { ...c, columns };
  };
  const devName = development.name ?? development.table.source;
  const clinical = options.clinical ?? [...new Set(combats.flatMap((p) => [...(p.continuous ?? []), ...(p.categorical ?? [])]))];
  const report = transportabilityReport(cohort(development.table, devName, undefined), cohort(external.table, external.name, external.input), {
    features: [...pre.features],
    clinical,
    seed: options.seed,
  });
  return {
    development: { source: development.table.source, sha256: development.table.sha256, rows: development.table.rowCount, matchesTraining: development.table.sha256 === locked.training.datasetSha256 },
    featureValues: featureValuesNote(combats),
    report,
  };
}

/** What the report's feature values are: as in the files, or harmonised by the model's combat step(s). */
function featureValuesNote(combats: { batch: string }[]): string {
  if (combats.length === 0) return 'as in the files (the model has no harmonisation step), before its preprocessing';
  const batches = [...new Set(combats.map((p) => `'${p.batch}'`))].join(', ');
  const steps = combats.length > 1 ? `${combats.length} combat steps` : 'combat step';
  return `harmonised by the model's ${steps} (batch column ${batches}; a centre the model was not fitted on is estimated from its own feature rows), before the column-wise steps after the last one (e.g. scaling)`;
}

/** A survival endpoint's events are its event codes (transportCohortFromTable counts code 1 only). */
function withEventCodes(c: TransportCohort, ep: LockedModel['endpoint']): TransportCohort {
  if (ep.type !== 'survival' || c.outcome?.type !== 'survival') return c;
  const codes = new Set(ep.eventCodes);
  const raw = c.columns[ep.eventColumn] as Float64Array;
  return { ...c, outcome: { ...c.outcome, event: Uint8Array.from(raw, (v) => (codes.has(v) ? 1 : 0)) } };
}
