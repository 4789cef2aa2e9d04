import type { ParamRule, ParamSpec, Params } from '@radsweep/core';
import { Classifier } from './classifier';

/** How one hyper-parameter is checked: libs/core's one rule vocabulary (classifiers, samplers, steps, survival models). */
export type { ParamRule } from '@radsweep/core';

/**
 * A declared, explained gap to scikit-learn on one reference set (the conformance habit:
 * a known exception lives in the model's own spec, with its reason, never skipped silently).
 */
export interface ParityException {
  /** Reference set, e.g. `crlm-synthetic-original-plain`. */
  reference: string;
  /** The AUC tolerance the parity test applies instead of the default. */
  aucTolerance: number;
  /**
   * The max |p - p_scikit-learn| the parity test allows instead of its default. Always stated: an exception
   * about the AUC alone keeps the default probability bound by writing it here.
   */
  probabilityTolerance: number;
  reason: string;
}

/** One entry of the classifier registry. */
export interface ModelSpec extends ParamSpec {
  /** Registry id, e.g. `logistic_regression`. */
  id: string;
  /** Human name, e.g. `Logistic Regression`. */
  label: string;
  /** scikit-learn class the model mirrors, for notes and comparisons. */
  sklearn: string;
  /** Every accepted hyper-parameter with its default (scikit-learn's unless noted in `notes`). */
  defaults: Params;
  rules: Record<string, ParamRule>;
  /** True when fit makes no random choice (same data -> same model whatever the seed). */
  deterministic: boolean;
  /** Where the implementation differs from scikit-learn, and why. */
  notes?: string;
  parityExceptions?: readonly ParityException[];
  create(params: Partial<Params>, seed: number): Classifier;
}
