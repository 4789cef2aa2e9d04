import { ModelSpec } from '../model-spec';

/** Model specs of the trees family (filled in as the models land). */
export const treesModels: ModelSpec[] = [];
