import { ModelSpec } from '../model-spec';
import { adaBoostSpec } from './adaboost';
import { baggingSpec } from './bagging';
import { extraTreesSpec } from './extra-trees';
import { randomForestSpec } from './random-forest';

export { AdaBoostClassifier, adaBoostSpec } from './adaboost';
export { BaggingClassifier, baggingSpec } from './bagging';
export { ExtraTreesClassifier, extraTreesSpec } from './extra-trees';
export { RandomForestClassifier, randomForestSpec } from './random-forest';
export { TreeForestClassifier } from './tree-forest';
export { bootstrapCounts } from './bootstrap';

/** Model specs of the ensemble family. */
export const ensembleModels: ModelSpec[] = [randomForestSpec, extraTreesSpec, baggingSpec, adaBoostSpec];
