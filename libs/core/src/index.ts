export * from './matrix';
export * from './rng';
export * from './errors';
