import { ModelSpec } from '../model-spec';
import { knnSpec } from './knn';

/** Model specs of the nearest-neighbours family. */
export const neighborsModels: ModelSpec[] = [knnSpec];
