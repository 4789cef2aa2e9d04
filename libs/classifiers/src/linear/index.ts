import { ModelSpec } from '../model-spec';
import { ldaSpec } from './lda';
import { logisticRegressionSpec } from './logistic-regression';
import { qdaSpec } from './qda';

/** Model specs of the linear family (logistic regression and the discriminant analyses). */
export const linearModels: ModelSpec[] = [logisticRegressionSpec, ldaSpec, qdaSpec];
