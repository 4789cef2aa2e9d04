import { ModelSpec } from '../model-spec';
import { ldaSpec } from './lda';
import { logisticRegressionSpec } from './logistic-regression';

/** Model specs of the linear family. */
export const linearModels: ModelSpec[] = [logisticRegressionSpec, ldaSpec];
