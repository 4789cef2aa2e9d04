export * from './survival-model';
export * from './survival-model-spec';
export * from './survival-input';
export * from './time-groups';
export * from './step-function';
export * from './registry';
export * from './cox';
