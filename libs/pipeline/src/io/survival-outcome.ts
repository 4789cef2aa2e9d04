import { RadSweepInputError } from '@radsweep/core';
import { suggestNames } from './close-names';
import type { Table } from './table';

/** What a survival endpoint names in the data file (a ResolvedSurvivalEndpoint's data part). */
export interface SurvivalOutcomeSpec {
  time: string;
  event: string;
  eventCodes: number[];
  horizons: number[];
  /** Prefix of error places, e.g. `exp.yaml:12: endpoints[0]`. */
  where: string;
}

/** One endpoint's outcome for every row of the table, in file order. */
export interface SurvivalOutcomeData {
  time: Float64Array;
  /** 1 = an event of interest; 0 = censored or a competing event (censored at its time). */
  event: Uint8Array;
  /** The event column as written (0 censored, other codes as given). */
  code: Float64Array;
  events: number;
  /** Rows whose code is a competing event (non-zero, not of interest). */
  competing: number;
}

/**
 * Reads and checks an endpoint's time and event columns. Refused, naming the column (or key) and the row:
 * a missing column, a missing / non-numeric / negative time, a missing, negative or non-integer event code,
 * an event code of interest that never occurs, and a horizon past the last follow-up time.
 */
export function readSurvivalOutcome(table: Table, spec: SurvivalOutcomeSpec): SurvivalOutcomeData {
  const time = numericColumn(table, spec.time, 'time', spec.where);
  const code = numericColumn(table, spec.event, 'event', spec.where);
  const n = table.rowCount;
  const event = new Uint8Array(n);
  let events = 0;
  let competing = 0;
  let last = -Infinity;
  for (let r = 0; r < n; r++) {
    const t = time[r];
    if (Number.isNaN(t)) throw new RadSweepInputError(`time column '${spec.time}' is missing in this row`, table.rowLabel(r));
    if (!(t >= 0) || !Number.isFinite(t)) throw new RadSweepInputError(`time column '${spec.time}' holds ${t}; follow-up times must be finite and >= 0`, table.rowLabel(r));
    const c = code[r];
    if (Number.isNaN(c)) throw new RadSweepInputError(`event column '${spec.event}' is missing in this row`, table.rowLabel(r));
    if (!Number.isInteger(c) || c < 0) {
      throw new RadSweepInputError(`event column '${spec.event}' holds ${c}; expected 0 (censored) or a positive integer event code`, table.rowLabel(r));
    }
    if (spec.eventCodes.includes(c)) {
      event[r] = 1;
      events++;
    } else if (c !== 0) competing++;
    if (t > last) last = t;
  }
  spec.eventCodes.forEach((c, k) => {
    if (!code.includes(c)) {
      const seen = [...new Set(code)].sort((a, b) => a - b).slice(0, 10).join(', ');
      throw new RadSweepInputError(`event code ${c} never occurs in column '${spec.event}' (codes seen: ${seen})`, `${spec.where}.eventCodes[${k}]`);
    }
  });
  spec.horizons.forEach((h, k) => {
    if (h > last) throw new RadSweepInputError(`horizon ${h} is past the last follow-up time ${last} of column '${spec.time}'`, `${spec.where}.horizons[${k}]`);
  });
  return { time, event, code, events, competing };
}

function numericColumn(table: Table, name: string, role: 'time' | 'event', where: string): Float64Array {
  const col = table.columns.find((c) => c.name === name);
  if (!col) throw new RadSweepInputError(`${role} column '${name}' not found in ${table.source}; ${suggestNames(name, table.columns.map((c) => c.name))}`, `${where}.${role}`);
  if (col.kind !== 'number') {
    throw new RadSweepInputError(`${role} column '${name}' is not numeric: '${col.firstNonNumeric.text}'`, table.rowLabel(col.firstNonNumeric.row));
  }
  return col.values;
}
