import { readFileSync } from 'node:fs';
import { sharedPath } from '../../support/shared';

/** ../shared/data/radiomics/pyradiomics/<file> */
export const pyradiomicsPath = (file: string) => sharedPath('data', 'radiomics', 'pyradiomics', file);
export const phantomPath = (file: string) => sharedPath('data', 'radiomics', 'ibsi', 'digital_phantom', file);

export const CASES = ['brain1', 'brain2', 'breast1'] as const;
export type CaseName = (typeof CASES)[number];

export const imagePath = (c: CaseName) => pyradiomicsPath(`${c}_image.nrrd`);
export const labelPath = (c: CaseName) => pyradiomicsPath(`${c}_label.nrrd`);

/** Splits one CSV line, honouring double quotes (cells such as "(162, 84, 11, 47, 70, 7)"). */
export function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** One configuration (column) of a pyradiomics baseline_<class>.csv: its diagnostics and feature values. */
export interface BaselineColumn {
  readonly column: string;
  readonly testCase: CaseName;
  readonly diagnostics: ReadonlyMap<string, string>;
  readonly features: ReadonlyMap<string, number>;
}

/** Reads baseline/baseline_<cls>.csv (rows = names, columns = configurations). */
export function readBaseline(cls: string): BaselineColumn[] {
  const rows = readFileSync(pyradiomicsPath(`baseline/baseline_${cls}.csv`), 'utf8').trim().split(/\r?\n/).map(csvCells);
  const header = rows[0];
  return header.slice(1).map((column, k) => {
    const diagnostics = new Map<string, string>();
    const features = new Map<string, number>();
    for (const row of rows.slice(1)) {
      if (row[0].startsWith('diagnostics_')) diagnostics.set(row[0], row[k + 1]);
      else features.set(row[0], Number(row[k + 1]));
    }
    return { column, testCase: diagnostics.get('diagnostics_Configuration_TestCase') as CaseName, diagnostics, features };
  });
}

/**
 * The configuration's pyradiomics settings, from its diagnostics_Configuration_Settings cell (a Python dict
 * literal), as a JSON object.
 */
export function baselineSettings(column: BaselineColumn): Record<string, unknown> {
  const literal = column.diagnostics.get('diagnostics_Configuration_Settings')!;
  const json = literal.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null');
  return JSON.parse(json) as Record<string, unknown>;
}
