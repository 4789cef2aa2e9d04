export { SAMPLER_IDS, SAMPLER_REGISTRY, createSampler, type SamplerId, type SamplerSpec } from './registry';
export { BaseSampler, type SamplingStrategy, type StrategyParams, type ClassPlan } from './base-sampler';
export { Smote, type SmoteParams } from './smote';
export { BorderlineSmote, type BorderlineSmoteParams } from './borderline-smote';
export { Adasyn, adasynCounts, type AdasynParams } from './adasyn';
export { RandomOverSampler, type RandomOverParams } from './random-over-sampler';
export { RandomUnderSampler, type RandomUnderParams } from './random-under-sampler';
export { kNearestNeighbours } from './nearest-neighbours';
