import type { SavedModel } from '@radsweep/classifiers';
import type { PreprocessingState } from './preprocessing-state';

/**
 * What a run keeps of one model's refit so that it can be locked later: the fitted preprocessing
 * (pruned to the model's columns) and the fitted model's state. `kind` says how the model predicts:
 * a classifier (P(positive)), a survival model (risk and survival at the horizons), or a classifier
 * fitted on the event by a survival endpoint's first horizon.
 */
export interface KeptModel {
  kind: 'classifier' | 'survival' | 'classifier_at_horizon';
  preprocessing: PreprocessingState;
  model: SavedModel;
  /** Survival endpoints: the training cohort's risk-group cut-offs (median or tertiles of the refit's training risk). */
  riskGroupCutoffs?: number[];
}
