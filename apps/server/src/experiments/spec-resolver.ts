import { stringify } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { ExperimentSpec, ResolvedExperiment, countGrid, parseExperimentText, resolveExperiment, validateExperimentSchema } from '@radsweep/pipeline';
import type { RequestLimits } from '../config/request-limits';
import { LimitExceededError } from '../http/limit.error';

/** What a client sends: the spec as an object, or the experiment file's text (YAML or JSON). */
export type SpecInput = Record<string, unknown> | string;

/** What a launch gives instead of files next to an experiment file (which do not exist on the server). */
export interface InlineIds {
  /** Fixed test patients (instead of the spec's split, or the content of its test_ids file). */
  testIds?: string[] | null;
  /** Each training patient's CV fold (instead of the spec's CV, or the content of its fold_assignment file). */
  foldAssignment?: Record<string, number> | null;
}

/** Parses and schema-checks a spec received over HTTP with the CLI's own loader; messages name it `spec`. */
function parseSpec(input: SpecInput) {
  try {
    if (typeof input !== 'string') checkNesting(input);
    const parsed = parseExperimentText(typeof input === 'string' ? input : stringify(input), 'spec');
    checkNesting(parsed.data);
    return { parsed, spec: validateExperimentSchema(parsed) };
  } catch (e) {
    // The YAML reader and the schema check recurse: a spec nested thousands deep exhausts the stack.
    if (e instanceof RangeError) throw new RadSweepInputError('the spec is nested too deeply to read', 'spec');
    throw e;
  }
}

/** Deepest nesting of objects and lists a spec may have (a real one has about 6: models[0].grid.C[1]). */
const MAX_SPEC_DEPTH = 32;

/**
 * Refuses a spec nested deeper than MAX_SPEC_DEPTH, walking it without
 * recursion: its YAML form grows with the square of the depth, so a 90 KB spec
 * nested thousands deep took minutes of CPU to read.
 */
function checkNesting(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_SPEC_DEPTH) throw new RadSweepInputError(`the spec is nested more than ${MAX_SPEC_DEPTH} levels deep`, 'spec');
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
}

/**
 * The spec as text (a spec object as its JSON), refused over limits.maxSpecBytes
 * before any parsing. Text, not the object, is what crosses to a worker thread.
 */
export function specText(input: SpecInput, limits: RequestLimits): SpecText {
  let text: string;
  try {
    text = typeof input === 'string' ? input : JSON.stringify(input);
  } catch (e) {
    if (e instanceof RangeError) throw new RadSweepInputError('the spec is nested too deeply to read', 'spec');
    throw e;
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.maxSpecBytes) throw LimitExceededError.of('maxSpecBytes', limits, 'the spec', bytes);
  return { text, json: typeof input !== 'string' };
}

/** A spec as sent: its text, and whether it came as an object (then `text` is its JSON). */
export interface SpecText {
  text: string;
  json: boolean;
}

/** The SpecInput a SpecText stands for. */
export function specInput(sent: SpecText): SpecInput {
  if (!sent.json) return sent.text;
  try {
    return JSON.parse(sent.text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof RangeError) throw new RadSweepInputError('the spec is nested too deeply to read', 'spec');
    throw e;
  }
}

/**
 * Refuses a run needing more fits than the server allows (feature sets x
 * configurations x CV splits, x endpoints for survival), counted from the grids' list lengths before
 * anything is expanded. `splits` null: the CV is a fold assignment given at
 * launch (counted then); at least 2 folds are counted meanwhile.
 */
export function checkFitCap(spec: ExperimentSpec, splits: number | null, limits: RequestLimits): void {
  const cv = spec.validation.cv;
  const cvSplits = splits ?? (cv.type === 'stratified_kfold' ? cv.folds : cv.type === 'repeated_stratified_kfold' ? cv.folds * cv.repeats : 2);
  const configurations = spec.models.reduce((s, m) => s + countGrid(m.grid), 0);
  // A survival experiment fits every feature set once per endpoint.
  const endpoints = spec.endpoints?.length ?? 1;
  const fits = endpoints * spec.featureSets.length * configurations * cvSplits;
  if (fits > limits.maxFitsPerRun) {
    const what = `the run's fits (${spec.endpoints ? `${endpoints} endpoints x ` : ''}${spec.featureSets.length} feature sets x ${configurations.toLocaleString('en-US')} configurations x ${cvSplits} CV splits)`;
    throw LimitExceededError.of('maxFitsPerRun', limits, what, fits);
  }
}

/**
 * Schema-validates and resolves a spec (no data needed); returns the validated
 * spec, camelCase. A spec whose split is `test_ids` or whose CV is `fold_assignment`
 * is accepted: its file is not read, the ids come with each launch instead.
 */
export function validateSpec(input: SpecInput, limits: RequestLimits): { spec: ExperimentSpec; resolved: ResolvedExperiment } {
  const { parsed, spec } = parseSpec(specInput(specText(input, limits)));
  checkFitCap(spec, null, limits);
  if (spec.validation.external?.length) {
    // Its paths would name files on the server: external cohorts are scored with the command line for now.
    throw new RadSweepInputError('validation.external is not run by the tracking server (its paths would be files on the server); validate external cohorts with radsweep validate <model.json> or radsweep run without --server', parsed.where(['validation', 'external']));
  }
  const placeholders = {
    ...(spec.validation.split.type === 'test_ids' ? { testIds: { ids: ['(given at launch)'], shown: 'testIds' } } : {}),
    ...(spec.validation.cv.type === 'fold_assignment' ? { foldAssignment: { foldOfId: new Map([['(given at launch)', 0], ['(at launch)', 1]]), shown: 'foldAssignment' } } : {}),
  };
  const resolved = resolveExperiment(spec, parsed, placeholders);
  return { spec, resolved };
}

/**
 * Resolves a stored spec for one run: its dataset file, and the launch's inline
 * test ids and fold assignment when given. A spec that names a test-id or
 * fold-assignment file needs them at launch: a 400 naming the missing field.
 */
export function resolveForRun(stored: ExperimentSpec, dataPath: string, inline: InlineIds = {}, limits?: RequestLimits): ResolvedExperiment {
  const { parsed, spec } = parseSpec(stored as unknown as Record<string, unknown>);
  const { testIds, foldAssignment } = inline;
  if (limits) checkFitCap(spec, foldAssignment ? new Set(Object.values(foldAssignment)).size : null, limits);
  if (spec.validation.split.type === 'test_ids' && !testIds) {
    throw new RadSweepInputError(`the experiment's split is a test-id file (${spec.validation.split.file}), which the server cannot read: give 'testIds' at launch`, 'testIds');
  }
  if (spec.validation.cv.type === 'fold_assignment' && !foldAssignment) {
    throw new RadSweepInputError(`the experiment's CV is a fold-assignment file (${spec.validation.cv.file}), which the server cannot read: give 'foldAssignment' ({id: fold}) at launch`, 'foldAssignment');
  }
  return resolveExperiment(spec, parsed, {
    dataPath,
    ...(testIds ? { testIds: { ids: testIds, shown: 'testIds' } } : {}),
    ...(foldAssignment ? { foldAssignment: { foldOfId: new Map(Object.entries(foldAssignment)), shown: 'foldAssignment' } } : {}),
  });
}
