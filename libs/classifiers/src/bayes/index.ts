import { ModelSpec } from '../model-spec';
import { bernoulliNbSpec } from './bernoulli-nb';
import { gaussianNbSpec } from './gaussian-nb';

/** Model specs of the naive Bayes family. */
export const bayesModels: ModelSpec[] = [gaussianNbSpec, bernoulliNbSpec];
