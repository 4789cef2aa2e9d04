export * from './radiomics-names';
export * from './clinical';
export * from './generate-cohort';
export * from './cohort-csv';
export { cohortPlan, HETEROGENEITY_FEATURES, STRUCTURE_SEED } from './cohort-plan';
export * from './multicentre-cohort';
export * from './reference-marginals';
