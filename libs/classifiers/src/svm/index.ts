import { ModelSpec } from '../model-spec';
import { calibratedSvmSpec } from './calibrated-svm';

/** Model specs of the support-vector family. */
export const svmModels: ModelSpec[] = [calibratedSvmSpec];
