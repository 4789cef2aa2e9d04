import type { RevertibleMigration } from './drops';
import { InitialSchema1732000000000 } from './1732000000000-initial-schema';
import { OofHeartbeatsFolds1732500000000 } from './1732500000000-oof-heartbeats-folds';
import { AccessControl1733000000000 } from './1733000000000-access-control';
import { DatasetChunks1733600000000 } from './1733600000000-dataset-chunks';
import { ExperimentVersionPerProject1734000000000 } from './1734000000000-experiment-version-per-project';
import { SurvivalResults1735000000000 } from './1735000000000-survival-results';
import { RadiomicsExtractions1735200000000 } from './1735200000000-radiomics-extractions';
import { LockedModels1735400000000 } from './1735400000000-locked-models';
import { RunCuration1735500000000 } from './1735500000000-run-curation';
import { PasswordResetSessions1735700000000 } from './1735700000000-password-reset-sessions';
import { TwoStageTasks1735600000000 } from './1735600000000-two-stage-tasks';
import { SurvivalLocksValidationHeartbeats1735800000000 } from './1735800000000-survival-locks-validation-heartbeats';
import { FitCostMeans1736000000000 } from './1736000000000-fit-cost-means';
import { SurvivalFeatureSetSteps1736100000000 } from './1736100000000-survival-feature-set-steps';
import { FeatureSetSteps1736200000000 } from './1736200000000-feature-set-steps';

/** Every migration, oldest first (TypeORM orders them by the timestamp in the class name). */
export const MIGRATIONS: (new () => RevertibleMigration)[] = [
  InitialSchema1732000000000,
  OofHeartbeatsFolds1732500000000,
  AccessControl1733000000000,
  DatasetChunks1733600000000,
  ExperimentVersionPerProject1734000000000,
  SurvivalResults1735000000000,
  RadiomicsExtractions1735200000000,
  LockedModels1735400000000,
  RunCuration1735500000000,
  TwoStageTasks1735600000000,
  PasswordResetSessions1735700000000,
  SurvivalLocksValidationHeartbeats1735800000000,
  FitCostMeans1736000000000,
  SurvivalFeatureSetSteps1736100000000,
  FeatureSetSteps1736200000000,
];
