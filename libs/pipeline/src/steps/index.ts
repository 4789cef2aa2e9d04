export { MedianImputer } from './median-imputer';
export { StandardScaler } from './standard-scaler';
export { WelchTTestSelector, type WelchTTestOptions } from './welch-ttest-selector';
export { LassoSelector, type LassoSelectorOptions } from './lasso-selector';
export { welchTTest, type WelchResult } from './stats/welch-t-test';
export { regularizedIncompleteBeta, studentTwoSidedP, lnGamma } from './stats/incomplete-beta';
export { alphaGrid, fitLasso, kFoldBoundaries, lassoCvMeanMse } from './lasso/lasso-path';
export { CoxUnivariateSelector, type CoxUnivariateOptions } from './cox-univariate-selector';
export * from './combat';
