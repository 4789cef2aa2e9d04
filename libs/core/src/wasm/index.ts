export * from './leb128';
export * from './instructions';
export * from './wasm-module';
export * from './kernel-runtime';
export * from './text-dump';
