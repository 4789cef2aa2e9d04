import { ModelSpec } from '../model-spec';

/** Model specs of the linear family (filled in as the models land). */
export const linearModels: ModelSpec[] = [];
