import { ModelSpec } from '../model-spec';

/** Model specs of the bayes family (filled in as the models land). */
export const bayesModels: ModelSpec[] = [];
