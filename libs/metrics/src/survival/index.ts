export * from './survival-input';
export * from './chi-square';
export * from './kaplan-meier';
export * from './log-rank-test';
export * from './concordance';
export * from './ipcw';
export * from './brier-survival';
export * from './time-dependent-auc';
