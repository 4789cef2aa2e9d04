import { ModelSpec } from '../model-spec';

/** Model specs of the svm family (filled in as the models land). */
export const svmModels: ModelSpec[] = [];
