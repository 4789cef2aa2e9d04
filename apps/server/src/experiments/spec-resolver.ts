import { stringify } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { ExperimentSpec, ResolvedExperiment, parseExperimentText, resolveExperiment, validateExperimentSchema } from '@radsweep/pipeline';

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
  const parsed = parseExperimentText(typeof input === 'string' ? input : stringify(input), 'spec');
  return { parsed, spec: validateExperimentSchema(parsed) };
}

/**
 * Schema-validates and resolves a spec (no data needed); returns the validated
 * spec, camelCase. A spec whose split is `test_ids` or whose CV is `fold_assignment`
 * is accepted: its file is not read, the ids come with each launch instead.
 */
export function validateSpec(input: SpecInput): { spec: ExperimentSpec; resolved: ResolvedExperiment } {
  const { parsed, spec } = parseSpec(input);
  const placeholders = {
    ...(spec.validation.split.type === 'test_ids' ? { testIds: { ids: ['(given at launch)'], shown: 'testIds' } } : {}),
    ...(spec.validation.cv.type === 'fold_assignment' ? { foldAssignment: { foldOfId: new Map([['(given at launch)', 0], ['(at launch)', 1]]), shown: 'foldAssignment' } } : {}),
  };
  const resolved = resolveExperiment(spec, parsed, placeholders);
  if (resolved.endpoints) {
    throw new RadSweepInputError('survival endpoints are not stored by the tracking server yet; run this experiment with the command line (radsweep run without --server)', parsed.where(['endpoints']));
  }
  return { spec, resolved };
}

/**
 * Resolves a stored spec for one run: its dataset file, and the launch's inline
 * test ids and fold assignment when given. A spec that names a test-id or
 * fold-assignment file needs them at launch: a 400 naming the missing field.
 */
export function resolveForRun(stored: ExperimentSpec, dataPath: string, inline: InlineIds = {}): ResolvedExperiment {
  const { parsed, spec } = parseSpec(stored as unknown as Record<string, unknown>);
  const { testIds, foldAssignment } = inline;
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
