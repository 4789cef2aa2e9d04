export { stratifiedHoldout, approximateMode, type HoldoutSplit } from './stratified-holdout';
export { stratifiedKFold, repeatedStratifiedKFold } from './stratified-kfold';
export { kFold } from './k-fold';
export { holdoutFromIds, foldsFromAssignment } from './given-splits';
export { countBinaryLabels } from './binary-labels';
