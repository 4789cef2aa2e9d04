export * from './table';
export * from './dataset';
export { readTable } from './read-table';
export { buildDataset, type DatasetOptions } from './build-dataset';
export { selectFeatures } from './select-features';
export { datasetMatrix } from './dataset-matrix';
export { compileGlob, isGlob } from './glob';
export type { GlobMatcher } from './glob';
export { SOURCE_LINES_KEY, encodeSourceLines } from './source-lines';
