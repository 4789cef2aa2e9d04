import { writeFileSync } from 'node:fs';
import { generateCohort, type CohortOptions, type SyntheticCohort } from './generate-cohort';

/**
 * The cohort as CSV text: header line, one line per patient, `\n` line ends, missing
 * values as empty cells. Numbers are written with JavaScript's shortest round-trip
 * form, so what is read back is exactly what was generated (measured values carry 8
 * significant digits; identity columns carry whatever their exact product needs).
 */
export function cohortCsv(cohort: SyntheticCohort): string {
  const lines = [cohort.header.join(',')];
  const cells: string[] = new Array(cohort.header.length);
  for (const row of cohort.rows) {
    for (let j = 0; j < row.length; j++) cells[j] = Number.isNaN(row[j]) ? '' : String(row[j]);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Generates a cohort and writes it to `path` as CSV; returns the cohort and the file size. */
export function writeCohortCsv(path: string, opts: CohortOptions): { cohort: SyntheticCohort; bytes: number } {
  const cohort = generateCohort(opts);
  const text = cohortCsv(cohort);
  writeFileSync(path, text);
  return { cohort, bytes: Buffer.byteLength(text) };
}
