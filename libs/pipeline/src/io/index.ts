export * from './table';
export * from './dataset';
export { readTable } from './read-table';
export { buildDataset, type DatasetOptions } from './build-dataset';
export { selectFeatures } from './select-features';
export { datasetMatrix } from './dataset-matrix';
export { globToRegExp } from './glob';
export { parseCsvRecords, type CsvRecord } from './csv-records';
