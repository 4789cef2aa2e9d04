import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { ExperimentSpec, ResolvedExperiment, loadExperiment, parseExperimentFile, validateExperimentSchema } from '@radsweep/pipeline';
import { renamingPaths } from '../http/input-error-text';

/** What a client sends: the spec as an object, or the experiment file's text (YAML or JSON). */
export type SpecInput = Record<string, unknown> | string;

/**
 * Checks and resolves an experiment spec received over HTTP with the CLI's own
 * loader: the spec is written to a private temporary file, loaded, and any
 * message naming that file is re-worded to name `spec` instead.
 * The dataset comes from the run (dataPath); test ids, if any, are given at launch.
 */
export async function withSpecFile<T>(input: SpecInput, fn: (file: string, dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-spec-'));
  const file = join(dir, 'experiment.yaml');
  try {
    writeFileSync(file, typeof input === 'string' ? input : stringify(input));
    return await renamingPaths({ [file]: 'spec', [dir + '/']: '' }, () => fn(file, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Schema-validates and resolves a spec (no data needed); returns the validated spec, camelCase. */
export async function validateSpec(input: SpecInput): Promise<{ spec: ExperimentSpec; resolved: ResolvedExperiment }> {
  return withSpecFile(input, (file) => {
    const spec = validateExperimentSchema(parseExperimentFile(file));
    refuseFileReferences(spec);
    return { spec, resolved: loadExperiment(file) };
  });
}

/** Resolves a stored spec for one run: its dataset file, and the launch's test ids when given. */
export async function resolveForRun(spec: ExperimentSpec, dataPath: string, testIds: string[] | null): Promise<ResolvedExperiment> {
  return withSpecFile(spec as unknown as Record<string, unknown>, (file, dir) => {
    let testIdsPath: string | undefined;
    if (testIds) {
      testIdsPath = join(dir, 'test-ids.txt');
      writeFileSync(testIdsPath, testIds.join('\n') + '\n');
    }
    return loadExperiment(file, { dataPath, testIdsPath });
  });
}

/** Files next to an experiment file do not exist on the server: the test ids come with the run instead. */
function refuseFileReferences(spec: ExperimentSpec): void {
  if (spec.validation.split.type === 'test_ids') {
    throw new RadSweepInputError("a test-id file cannot be read by the server: use a stratified_holdout split and give 'testIds' when launching the run", 'spec: validation.split.file');
  }
  if (spec.validation.cv.type === 'fold_assignment') {
    throw new RadSweepInputError('a fold-assignment file cannot be read by the server yet: use stratified_kfold or repeated_stratified_kfold', 'spec: validation.cv.file');
  }
}
