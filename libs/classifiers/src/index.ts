export * from './classifier';
export * from './model-spec';
export * from './registry';
