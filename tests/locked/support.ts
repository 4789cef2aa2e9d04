import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { main } from '../../apps/cli/src/main';

export { radsweep } from '../cli/cli-support';
export { tempDir, REPO } from '../engine/support';

/** Runs the CLI in this process (stdout and stderr captured); returns the exit code and what it printed. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write;
  const w2 = process.stderr.write;
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

/**
 * Writes the experiment to `dir/exp.yaml`, runs it in this process keeping every refit (one worker),
 * locks each named model of each named feature set to `modelFile(featureSet, model)`, and returns the
 * parsed results file.
 */
export async function runAndLock(dir: string, spec: object, featureSets: string[], models: string[], modelFile: (featureSet: string, model: string) => string): Promise<any> {
  writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
  const run = await cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '1', '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  for (const fs of featureSets) {
    for (const id of models) {
      const lock = await cli(['lock', join(dir, 'results.json'), '--model', id, '--feature-set', fs, '--out', modelFile(fs, id)]);
      expect(lock.code, lock.stderr).toBe(0);
    }
  }
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

/** A CSV file's rows as records of cell texts (no quoting: the test files have none). */
export function readCsvRecords(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, j) => [header[j], c])));
}

/** Writes records as CSV with the given column order. */
export function writeCsv(path: string, columns: string[], rows: Record<string, string>[]): string {
  writeFileSync(path, [columns.join(','), ...rows.map((r) => columns.map((c) => r[c] ?? '').join(','))].join('\n') + '\n');
  return path;
}

/** The 64 bits of a double as hex, so that two numbers are compared bit for bit (NaN payloads and -0 included). */
export function bits(v: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b.toString('hex');
}

export const join_ = join;
