import { ModelSpec } from '../model-spec';
import { decisionTreeSpec } from './decision-tree';

export { CartBuilder, gini } from './cart-builder';
export type { CartOptions } from './cart-builder';
export { TreeNodes } from './tree-nodes';
export { RAND_R_MAX, TreeRandom } from './tree-random';
export type { SavedTree } from './tree-nodes';
export { DecisionTreeClassifier, checkSampleWeight, decisionTreeSpec } from './decision-tree';
export { cartOptions, resolveMaxFeatures, TREE_GROWTH_DEFAULTS, TREE_GROWTH_RULES } from './tree-params';

/** Model specs of the trees family. */
export const treesModels: ModelSpec[] = [decisionTreeSpec];
