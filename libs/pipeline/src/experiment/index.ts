export * from './spec';
export * from './resolved';
export { expandGrid, countGrid } from './grid';
export { loadExperiment, resolveExperiment, type ExperimentOverrides } from './load-experiment';
export { parseExperimentFile, parseExperimentText, formatKeyPath, displayPath, type ParsedExperimentFile } from './experiment-file';
export { validateExperimentSchema, EXPERIMENT_SCHEMA } from './schema-validation';
export { readIdList, readFoldAssignment } from './id-files';
