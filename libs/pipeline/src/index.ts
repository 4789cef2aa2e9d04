export * from './step';
export * from './io';
export * from './steps';
export * from './samplers';
export * from './splitters';
export * from './synthetic';
export * from './experiment';
export * from './engine';
