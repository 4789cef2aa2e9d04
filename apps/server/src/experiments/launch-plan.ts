import { ExperimentSpec, SurvivalEndpointResult, fitsPerFeatureSet, prepareStudy, prepareSurvivalStudy, survivalEndpointHeader } from '@radsweep/pipeline';
import type { RequestLimits } from '../config/request-limits';
import type { MsPerUnit, ResolvedExperiment } from '@radsweep/pipeline';
import { InlineIds, resolveForRun } from './spec-resolver';
import { FeatureSetStages, stagePlan, survivalStagePlan } from '../runs/two-stage/stage-plan';

/** What a launch fixes from checking the run against its data: the split, the folds and the feature sets' names. */
export interface LaunchPlan {
  trainIds: string[];
  testIds: string[];
  foldsPerRepeat: number;
  /** Per repeat, each training patient's fold (in trainIds order). */
  foldOfTrainId: number[][];
  featureSets: string[];
  /** Fits each task (one feature set, of one endpoint) takes, as the engine counts them: its progress total before it starts. */
  fitsPerTask: number;
  /**
   * A survival experiment: each endpoint's split, folds and cohort counts (each endpoint has its own, stratified
   * on its event indicator); then trainIds, testIds and foldOfTrainId are empty.
   */
  endpoints?: Omit<SurvivalEndpointResult, 'featureSets'>[];
  /** The run's two-stage graph (unless RADSWEEP_TWO_STAGE=0): each feature set's (survival: endpoint x feature set's) folds and batches of fits, sized from `msPerUnit`. */
  stages?: FeatureSetStages[];
}

/**
 * Checks a run against its data (columns, patterns, ids, both classes in every
 * part: the CLI's `validate`) and fixes its split and folds. Run in a
 * request-work thread: it reads the whole dataset.
 */
export async function planLaunch(job: { spec: ExperimentSpec; dataPath: string; inline: InlineIds; limits: RequestLimits; msPerUnit?: MsPerUnit }): Promise<LaunchPlan> {
  const resolved = resolveForRun(job.spec, job.dataPath, job.inline, job.limits);
  if (resolved.endpoints) return planSurvivalLaunch(resolved, job.msPerUnit);
  const study = await prepareStudy(resolved);
  const ids = study.dataset.ids;
  return {
    trainIds: Array.from(study.trainRows, (r) => ids[r]),
    testIds: Array.from(study.testRows, (r) => ids[r]),
    foldsPerRepeat: study.foldsPerRepeat,
    foldOfTrainId: study.foldAssignments.map((a) => Array.from(a)),
    featureSets: study.featureSets.map((fs) => fs.name),
    fitsPerTask: fitsPerFeatureSet(resolved),
    stages: stagePlan(resolved, study, job.msPerUnit),
  };
}

/** The survival counterpart: the CLI's checks of every endpoint (prepareSurvivalStudy), each endpoint's split and folds. */
async function planSurvivalLaunch(resolved: ResolvedExperiment, msPerUnit?: MsPerUnit): Promise<LaunchPlan> {
  const study = await prepareSurvivalStudy(resolved);
  return {
    trainIds: [],
    testIds: [],
    foldsPerRepeat: 0,
    foldOfTrainId: [],
    featureSets: study.featureSets.map((fs) => fs.name),
    fitsPerTask: fitsPerFeatureSet(resolved),
    endpoints: study.endpoints.map((es) => survivalEndpointHeader(resolved, study, es)),
    stages: survivalStagePlan(resolved, study, msPerUnit),
  };
}
