import { Matrix } from '@radsweep/core';
import { FeatureSelector, RowContext, Sampler, Transformer, isContextual, isSelector, isSurvivalSelector } from '../step';

/** The learnable steps of one fold, freshly constructed (unfitted), and its sampler. */
export interface ChainParts {
  steps: Transformer[];
  sampler: Sampler | null;
}

/** What one selector kept, by input feature name, with its score of each kept feature. */
export interface SelectionRecord {
  step: string;
  scoreKind: string;
  fallbackUsed: boolean;
  /** Number of columns the step received. */
  inputCount: number;
  kept: { name: string; score: number }[];
  details?: Record<string, number | string | boolean>;
}

/**
 * A preprocessing chain fitted on training rows: it only maps rows now. Its
 * output columns are `features` (names, after every selector).
 */
export class FittedChain {
  constructor(
    readonly steps: readonly Transformer[],
    readonly features: readonly string[],
    readonly selections: readonly SelectionRecord[],
  ) {}

  /** Maps rows; `context` (their batch / covariate columns, same row order) is needed by contextual steps such as combat. */
  transform(x: Matrix, context?: RowContext): Matrix {
    let out = x;
    for (const step of this.steps) out = isContextual(step) ? step.transformWithContext(out, requireContext(step.id, context)) : step.transform(out);
    return out;
  }
}

/**
 * Fits the steps in order on the given rows, each on the previous step's output.
 * This function receives the TRAINING rows only (the caller never hands it
 * held-out rows): that is what makes leakage impossible by construction.
 * Returns the fitted chain and the transformed training rows. With `followUp` (a survival endpoint: the
 * rows' follow-up times, `yTrain` their event indicators) a survival selector is fitted on both.
 */
export function fitChain(
  parts: ChainParts,
  xTrain: Matrix,
  yTrain: Uint8Array,
  featureNames: readonly string[],
  followUp?: Float64Array,
  context?: RowContext,
): { chain: FittedChain; xTrain: Matrix } {
  let x = xTrain;
  let names = featureNames.slice();
  const selections: SelectionRecord[] = [];
  for (const step of parts.steps) {
    if (isContextual(step)) {
      const c = requireContext(step.id, context);
      x = step.fitWithContext(x, yTrain, c).transformWithContext(x, c);
      continue;
    }
    if (followUp && isSurvivalSelector(step)) step.fitSurvival(x, followUp, yTrain);
    else step.fit(x, yTrain);
    x = step.transform(x);
    if (isSelector(step)) {
      const record = selectionRecord(step, names);
      selections.push(record);
      names = record.kept.map((k) => k.name);
    }
  }
  return { chain: new FittedChain(parts.steps, names, selections), xTrain: x };
}

function selectionRecord(step: FeatureSelector, names: readonly string[]): SelectionRecord {
  const report = step.report();
  return {
    step: step.id,
    scoreKind: report.scoreKind,
    fallbackUsed: report.fallbackUsed,
    inputCount: names.length,
    kept: Array.from(report.selected, (j) => ({ name: names[j], score: report.scores[j] })),
    details: report.details,
  };
}

function requireContext(stepId: string, context: RowContext | undefined): RowContext {
  if (!context) throw new Error(`step ${stepId} needs the rows' context columns (batch, covariates) and none were given`);
  return context;
}
