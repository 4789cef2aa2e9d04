import { ModelSpec } from '../model-spec';

/** Model specs of the neighbors family (filled in as the models land). */
export const neighborsModels: ModelSpec[] = [];
