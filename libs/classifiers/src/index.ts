export * from './classifier';
export * from './fitted-estimator';
export * from './model-spec';
export * from './registry';
/** Dense helpers sibling libraries reuse (libs/survival: Cox Newton steps, saved state). */
export { choleskyInPlace, choleskySolveInPlace, dot, toFloat64, toNumbers } from './linear/dense';
/** scikit-learn's KD-tree neighbour search, replayed (the samplers' neighbour search reuses it, as imbalanced-learn reuses scikit-learn's). */
export { KdTree } from './neighbors/kd-tree';
