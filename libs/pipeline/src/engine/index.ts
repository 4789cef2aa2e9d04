export * from './results';
export { CancelledError } from './cancelled-error';
export { EngineWorkerLostError } from './engine-worker-lost-error';
export { byCvScore, rankByCvScore, chosenByCvScore, CHOSEN_BY_CV_NOTE, rankByCvCIndex, chosenByCvCIndex, CHOSEN_BY_CV_C_NOTE, type CvCIndexScored } from './model-ranking';
export { runExperiment, type RunOptions } from './run-experiment';
export { pickBest, meanSd } from './result-assembly';
export { prepareStudy, type Study } from './study';
export { fitChain, FittedChain, type ChainParts, type SelectionRecord } from './preprocessing-chain';
export { prepareFold, REFIT_FOLD, type FoldPlan, type PreparedFold, type FeatureSetData } from './prepare-fold';
export { createChainParts, STEP_IDS } from './chain-factory';
export { computeTestMetrics } from './test-metrics';
export { taskSeed, stableHash } from './task-seed';
export { defaultWorkerCount, type Executor } from './executor';
export type { ProgressEvent, ProgressListener } from './progress';
export type { ChainPartsFactory } from './worker-state';
export type { ChainSpec, FitTask, FitResult } from './worker-protocol';
export * from './survival-results';
export { runSurvivalExperiment, survivalEndpointHeader, survivalExperimentResults, type SurvivalRunOptions } from './run-survival';
export { IBS_TIMES, survivalFeatureSetResult, type SurvivalFitRequest, type SurvivalUnit } from './survival-unit';
export { prepareSurvivalStudy, type SurvivalStudy, type SurvivalEndpointStudy } from './survival-study';
export { computeSurvivalTestMetrics } from './survival-test-metrics';
export { takeContextRows, readStepContext } from './row-context';
export { runExperimentTwoStage, DEFAULT_BATCH_MS, type TwoStageOptions, type TwoStageTask } from './two-stage/run-two-stage';
export { seededPick } from './two-stage/seeded-pick';
export { runSurvivalTwoStage } from './two-stage/run-survival-two-stage';
export {
  survivalUnits,
  prepareSurvivalFoldStage,
  survivalFitBatchStage,
  survivalFitItemRequest,
  combineSurvivalModelStage,
  planSurvivalFitBatches,
  survivalFitShapes,
  type SurvivalFitItemOutcome,
} from './two-stage/survival-stage-tasks';
export { prepareFoldStage, fitBatchStage, fitItemTask, fitItemOutcome, combineModelStage, type FitItemOutcome } from './two-stage/stage-tasks';
export { StageThreads } from './two-stage/stage-threads';
export { batchFits, cvFitItems, cvFoldsOf, planFitBatches, spreadFits, MIN_BATCHES_PER_SET, MIN_BATCH_MS, type FitItem, type FitCost } from './two-stage/fit-batches';
export { batchFoldGroups } from './two-stage/fold-groups';
export { fitShapes, fitUnits, measuredFitCost, meanMsPerUnit, msPerUnitTable, type FitShape, type FitSample, type MsPerUnit } from './two-stage/fit-costs';
export { encodeArtefact, decodeArtefact } from './two-stage/artefact-codec';
export { MemoryArtefactStore, sha256Hex, type ArtefactStore } from './two-stage/artefact-store';
export { FileArtefactStore } from './two-stage/file-artefact-store';
export { experimentResults, featureSetResult } from './result-assembly';
