import { ModelSpec } from '../model-spec';

/** Model specs of the ensemble family (filled in as the models land). */
export const ensembleModels: ModelSpec[] = [];
