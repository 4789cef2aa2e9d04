import { ModelSpec } from '../model-spec';

/** Model specs of the boosting family (filled in as the models land). */
export const boostingModels: ModelSpec[] = [];
