import { ExperimentSpec, prepareStudy } from '@radsweep/pipeline';
import type { RequestLimits } from '../config/request-limits';
import { InlineIds, resolveForRun } from './spec-resolver';

/** What a launch fixes from checking the run against its data: the split, the folds and the feature sets' names. */
export interface LaunchPlan {
  trainIds: string[];
  testIds: string[];
  foldsPerRepeat: number;
  /** Per repeat, each training patient's fold (in trainIds order). */
  foldOfTrainId: number[][];
  featureSets: string[];
}

/**
 * Checks a run against its data (columns, patterns, ids, both classes in every
 * part: the CLI's `validate`) and fixes its split and folds. Run in a
 * request-work thread: it reads the whole dataset.
 */
export async function planLaunch(job: { spec: ExperimentSpec; dataPath: string; inline: InlineIds; limits: RequestLimits }): Promise<LaunchPlan> {
  const study = await prepareStudy(resolveForRun(job.spec, job.dataPath, job.inline, job.limits));
  const ids = study.dataset.ids;
  return {
    trainIds: Array.from(study.trainRows, (r) => ids[r]),
    testIds: Array.from(study.testRows, (r) => ids[r]),
    foldsPerRepeat: study.foldsPerRepeat,
    foldOfTrainId: study.foldAssignments.map((a) => Array.from(a)),
    featureSets: study.featureSets.map((fs) => fs.name),
  };
}
