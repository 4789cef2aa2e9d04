import { ACCESS_ENTITIES } from '../auth/access-entities';
import { DatasetFileEntity } from '../datasets/dataset-file.entity';
import { DatasetEntity } from '../datasets/dataset.entity';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { ExtractionCaseEntity, ExtractionEntity } from '../extraction/extraction.entities';
import { LOCKED_MODEL_ENTITIES } from '../locked/external-validation.entities';
import { FeatureSetResultEntity } from '../results/feature-set-result.entity';
import { ModelResultEntity } from '../results/model-result.entity';
import { PredictionSetEntity } from '../results/prediction-set.entity';
import { RunTaskEntity } from '../runs/run-task.entity';
import { RunEntity } from '../runs/run.entity';
import { RunFinalModelEntity } from '../runs/run-final-model.entity';
import { FitCostMeanEntity } from '../runs/two-stage/fit-cost-mean.entity';
import { SURVIVAL_ENTITIES } from '../survival/survival.entities';

/** Every entity of the tracking store. */
export const ENTITIES = [
  DatasetEntity,
  DatasetFileEntity,
  ExperimentEntity,
  RunEntity,
  RunTaskEntity,
  FeatureSetResultEntity,
  ModelResultEntity,
  PredictionSetEntity,
  ...ACCESS_ENTITIES,
  ...SURVIVAL_ENTITIES,
  ExtractionEntity,
  ExtractionCaseEntity,
  ...LOCKED_MODEL_ENTITIES,
  RunFinalModelEntity,
  FitCostMeanEntity,
];
