import { ModelSpec } from '../model-spec';

/** Model specs of the neural family (filled in as the models land). */
export const neuralModels: ModelSpec[] = [];
