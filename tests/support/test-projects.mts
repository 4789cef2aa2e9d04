/**
 * The test directories whose files run in the 'shared' vitest project (vitest.config.mts): files that only
 * compute, run one after the other in a fork that keeps its loaded modules (`isolate: false`).
 * tests/structure/shared-project-state.test.ts checks they leave no process-wide state changed.
 */
export const SHARED_TEST_DIRS = ['classifiers', 'core', 'engine', 'locked', 'metrics', 'parity', 'pipeline', 'radiomics', 'reporting', 'structure', 'survival'] as const;
