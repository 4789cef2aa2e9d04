import { readFileSync } from 'node:fs';
import { Matrix, matrix } from '@radsweep/core';
import { hasShared, readJson, sharedPath } from '../../support/shared';

export { hasShared };

/** The survival reference (R survival 3.5.3, glmnet 4.1.6): ../shared/reference/survival/rotterdam-gbsg.json. */
export const survivalReference = () => readJson('reference', 'survival', 'rotterdam-gbsg.json');

export interface Cohort {
  ids: number[];
  x: Matrix;
  time: Float64Array;
  event: Uint8Array;
}

/**
 * One cohort of ../shared/data/survival as the reference prepared it: the reference's
 * `features` in its order, raw values (no centring or scaling), `time` in days, `event` 0/1.
 */
export function loadCohort(name: 'rotterdam' | 'gbsg', features: string[]): Cohort {
  const lines = readFileSync(sharedPath('data', 'survival', `${name}.csv`), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const col = (h: string) => {
    const j = header.indexOf(h);
    if (j < 0) throw new Error(`${name}.csv has no column ${h}`);
    return j;
  };
  const n = lines.length - 1;
  const p = features.length;
  const x = matrix(n, p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const ids: number[] = [];
  const fj = features.map(col);
  const [idj, tj, ej] = [col('id'), col('time'), col('event')];
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',').map(Number);
    ids.push(cells[idj]);
    for (let k = 0; k < p; k++) x.data[i * p + k] = cells[fj[k]];
    time[i] = cells[tj];
    event[i] = cells[ej];
  }
  return { ids, x, time, event };
}

/** |a - b| <= tol * max(|b|, floor): a relative check that does not explode at zero. */
export function expectRelClose(a: number, b: number, tol: number, what: string, floor = 0): void {
  const err = Math.abs(a - b) / Math.max(Math.abs(b), floor);
  if (!(err <= tol)) throw new Error(`${what}: got ${a}, R gives ${b} (relative error ${err.toExponential(2)} > ${tol})`);
}
