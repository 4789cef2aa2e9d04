import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RadSweepInputError, intOption, parseOptions } from '@radsweep/core';
import {
  ExperimentResults,
  LockedModel,
  RowRule,
  SurvivalExperimentResults,
  Table,
  cohortIds,
  lockedModelInput,
  findModelResult,
  lockedModelText,
  lockedModelBody,
  predictLocked,
  readLockedModel,
  readTable,
  validateCohort,
} from '@radsweep/pipeline';
import { readKeptModel } from './kept-models';
import { transportabilityLine } from './transportability-lines';

export const LOCK_USAGE = `  radsweep lock <results.json> --model <id> [--feature-set <name>] [--endpoint <name>] --out <model.json>
  radsweep lock --server <url> <run id> <model result id> [--name <name>] [--out <model.json>]
`;
export const PREDICT_USAGE = `  radsweep predict <model.json> --data <file> --out <predictions.csv>
`;
export const VALIDATE_MODEL_USAGE = `  radsweep validate <model.json> --data <cohort> [--centre-column <column>] [--recalibrate intercept|slope --recalibration-rows <column>=<value>|ids:<file>] [--bootstrap N]
      [--development <file>] [--clinical <column,...>] --out <report.json>
  radsweep validate --server <url> <locked model id> --dataset <dataset id> [--centre-column <column>]
      [--recalibrate intercept|slope --recalibration-rows <column>=<value>] [--bootstrap N] [--out <report.json>]
`;

function one(command: string, positional: string[], what: string): string {
  if (positional.length !== 1) throw new RadSweepInputError(positional.length === 0 ? `'${command}' needs ${what}` : `'${command}' takes one ${what}, got ${positional.length}: ${positional.join(' ')}`);
  return positional[0];
}

function required(values: Record<string, string>, name: string, command: string): string {
  const v = values[name];
  if (v === undefined) throw new RadSweepInputError(`'${command}' needs ${name}`, name);
  return v;
}

/** Writes a file whole or not at all (a temporary file renamed into place). */
export function writeWhole(path: string, text: string): void {
  const out = resolve(path);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
}

/** Reads and verifies a locked model file (sha256, format version, schema). */
export function loadLockedModel(path: string): LockedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RadSweepInputError('locked model file not found or unreadable', path);
  }
  return readLockedModel(text, path);
}

/** `radsweep lock`: one model of a finished run (kept with --keep-models) as a locked model file. */
export async function lockCommand(argv: string[]): Promise<number> {
  const { positional, values } = parseOptions(argv, 'lock', ['--model', '--feature-set', '--endpoint', '--out']);
  const resultsFile = one('lock', positional, 'a results file');
  const out = required(values, '--out', 'lock');
  const ref = { model: required(values, '--model', 'lock'), featureSet: values['--feature-set'], endpoint: values['--endpoint'] };
  let results: ExperimentResults | SurvivalExperimentResults;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch (e) {
    throw new RadSweepInputError(`cannot read the results file (${(e as Error).message.split('\n')[0]})`, resultsFile);
  }
  if (results?.format !== 'radsweep-results') throw new RadSweepInputError('not a RadSweep results file', resultsFile);
  const found = findModelResult(results, ref);
  const kept = readKeptModel(results, resultsFile, { endpoint: found.endpoint, featureSet: found.featureSet, model: ref.model });
  const text = lockedModelText(lockedModelBody(results, { ...ref, featureSet: found.featureSet, endpoint: found.endpoint }, kept));
  const locked = readLockedModel(text, out); // what is written must read back
  writeWhole(out, text);
  process.stderr.write(`radsweep: locked ${locked.source.model} (${locked.source.featureSet}) written to ${out}, sha256 ${locked.sha256}\n`);
  return 0;
}

/** `radsweep predict`: a locked model's predictions for every row of a data file, as CSV. */
export async function predictCommand(argv: string[]): Promise<number> {
  const { positional, values } = parseOptions(argv, 'predict', ['--data', '--out']);
  const locked = loadLockedModel(one('predict', positional, 'a locked model file'));
  const dataPath = required(values, '--data', 'predict');
  const out = required(values, '--out', 'predict');
  const table = await readTable(dataPath);
  const { x, ignored } = lockedModelInput(locked, table, [locked.training.idColumn]);
  const ids = cohortIds(table, locked.training.idColumn);
  const pred = predictLocked(locked, x);
  const lines: string[] = [];
  if (pred.kind === 'binary') {
    lines.push(`${csv(locked.training.idColumn)},probability`);
    ids.forEach((id, i) => lines.push(`${csv(id)},${String(pred.probability[i])}`));
  } else {
    lines.push([csv(locked.training.idColumn), 'linear_predictor', ...pred.times.map((t) => `survival_at_${t}`)].join(','));
    const K = pred.times.length;
    ids.forEach((id, i) => lines.push([csv(id), String(pred.linearPredictor[i]), ...Array.from(pred.survival.subarray(i * K, (i + 1) * K), String)].join(',')));
  }
  writeWhole(out, lines.join('\n') + '\n');
  process.stderr.write(`radsweep: ${ids.length} predictions written to ${out}${ignored.length ? `; ${ignored.length} column(s) the model does not use were ignored` : ''}\n`);
  return 0;
}

/** Is `validate`'s file a locked model (rather than an experiment)? Yes when it names the locked-model format or the options are the model's. */
export function isModelValidation(argv: string[]): boolean {
  if (argv.some((a) => ['--out', '--centre-column', '--recalibrate', '--recalibration-rows', '--bootstrap', '--development', '--clinical'].includes(a.split('=')[0]))) return true;
  const file = argv.find((a) => !a.startsWith('--'));
  try {
    return file !== undefined && readFileSync(file, 'utf8').includes('"radsweep-locked-model"');
  } catch {
    return false;
  }
}

/** `radsweep validate <model.json> --data <cohort>`: every metric on an external cohort, per centre and pooled. */
export async function validateModelCommand(argv: string[]): Promise<number> {
  const { positional, values } = parseOptions(argv, 'validate', ['--data', '--centre-column', '--recalibrate', '--recalibration-rows', '--bootstrap', '--development', '--clinical', '--out']);
  const locked = loadLockedModel(one('validate', positional, 'a locked model file'));
  const dataPath = required(values, '--data', 'validate');
  const out = required(values, '--out', 'validate');
  const kind = values['--recalibrate'];
  if (kind !== undefined && kind !== 'intercept' && kind !== 'slope') throw new RadSweepInputError(`expected intercept or slope, got '${kind}'`, '--recalibrate');
  if ((kind === undefined) !== (values['--recalibration-rows'] === undefined)) {
    throw new RadSweepInputError('--recalibrate and --recalibration-rows go together: say how to recalibrate and on which rows', kind ? '--recalibration-rows' : '--recalibrate');
  }
  const bootstrap = intOption(values, '--bootstrap', 0);
  const table = await readTable(dataPath);
  const development = await developmentTable(locked, values['--development']);
  const report = validateCohort(locked, table, {
    centreColumn: values['--centre-column'],
    ...(kind ? { recalibrate: { kind, rows: rowRule(values['--recalibration-rows']) } } : {}),
    bootstrap,
    ...(development ? { development: { table: development } } : {}),
    ...(values['--clinical'] ? { clinical: values['--clinical'].split(',').map((c) => c.trim()).filter((c) => c !== '') } : {}),
  });
  writeWhole(out, JSON.stringify(report, null, 1) + '\n');
  process.stdout.write(summary(report));
  return 0;
}

/**
 * The development cohort of the transportability report: `--development <file>`, else the model's
 * training data file when it is still where the run read it and has the same sha256; none otherwise
 * (the report then says how to add it).
 */
async function developmentTable(locked: LockedModel, given: string | undefined): Promise<Table | null> {
  if (given !== undefined) return readTable(given);
  const path = locked.training.datasetPath;
  if (!existsSync(path)) return null;
  const table = await readTable(path);
  return table.sha256 === locked.training.datasetSha256 ? table : null;
}

function rowRule(text: string): RowRule {
  if (text.startsWith('ids:')) {
    const file = text.slice(4);
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    } catch {
      throw new RadSweepInputError(`cannot read the id file '${file}'`, '--recalibration-rows');
    }
    return { ids: new Set(lines), file };
  }
  const eq = text.indexOf('=');
  if (eq <= 0) throw new RadSweepInputError(`expected <column>=<value> or ids:<file>, got '${text}'`, '--recalibration-rows');
  return { column: text.slice(0, eq), value: text.slice(eq + 1) };
}

function summary(report: ReturnType<typeof validateCohort>): string {
  const r = report.results;
  const f = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(3));
  const lines = [`${report.model.model} (${report.model.featureSet}) on ${report.cohort.source}: ${report.cohort.rows} patients`];
  if (r.kind === 'binary') {
    const row = (name: string, m: (typeof r)['pooled'] | null, n: number) =>
      `  ${name.padEnd(12)} n=${String(n).padEnd(5)} AUC ${f(m?.test.auc)} [${f(m?.test.aucCi.delong?.lower)}, ${f(m?.test.aucCi.delong?.upper)}]  CITL ${f(m?.test.calibrationIntercept)}  slope ${f(m?.test.calibrationSlope)}  Brier ${f(m?.test.brier)}`;
    lines.push(row('pooled', r.pooled, r.pooled.test.n), ...r.centres.map((c) => row(c.centre, c.metrics, c.n)));
    if (r.recalibration) lines.push(`  recalibrated (${r.recalibration.kind}, fitted on ${r.recalibration.rule}): on ${r.recalibration.evaluatedRows} other rows CITL ${f(r.recalibration.recalibrated.test.calibrationIntercept)} slope ${f(r.recalibration.recalibrated.test.calibrationSlope)} Brier ${f(r.recalibration.recalibrated.test.brier)}`);
  } else {
    const row = (name: string, m: (typeof r)['pooled'] | null, n: number) =>
      `  ${name.padEnd(12)} n=${String(n).padEnd(5)} Harrell C ${f(m?.harrellC.estimate)} [${f(m?.harrellC.lower)}, ${f(m?.harrellC.upper)}]  Uno C ${f(m?.unoC.estimate)}  ${(m?.atHorizon ?? []).map((h) => `t=${h.horizon}: AUC ${f(h.auc.estimate)} Brier ${f(h.brier.estimate)}`).join('  ')}`;
    lines.push(row('pooled', r.pooled, r.pooled.n), ...r.centres.map((c) => row(c.centre, c.metrics, c.n)));
  }
  lines.push(
    report.transportability
      ? transportabilityLine(report.transportability)
      : report.transportabilityError
        ? `  transportability: not computed (${report.transportabilityError})`
        : '  transportability: no development cohort (the training data file is not where the run read it, or changed); add --development <file>',
  );
  return lines.join('\n') + '\n';
}

function csv(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
