export * from './csv-cell';
export * from './matrix';
export * from './rng';
export * from './errors';
export * from './numpy-random-state';
export * from './wasm/index';
export * from './params/index';
