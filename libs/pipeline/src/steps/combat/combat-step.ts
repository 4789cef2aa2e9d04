import { Matrix, NotFittedError, RadSweepInputError, matrix, takeRows } from '@radsweep/core';
import type { ContextualTransformer, RowContext } from '../../step';
import { checkFitInput } from '../step-checks';
import { STEP_PARAMS, checkStepParams } from '../step-params';
import { CombatCovariates } from './combat-design';
import { BatchParameters, CombatModel, CombatOptions, DEFAULT_COMBAT_OPTIONS, applyCombat, estimateNewBatch, fitCombat } from './combat-model';
import { CombatModelJson, combatModelFromJson, combatModelToJson } from './combat-state';

/** The `combat` step's parameters as written in an experiment. */
export interface CombatStepOptions {
  /** The batch (scanner, centre) column: not a feature; text or numbers. */
  batch: string;
  /** Continuous covariates whose effect is preserved (e.g. age). Never the outcome. */
  continuous?: string[];
  /** Categorical covariates whose effect is preserved (e.g. sex). Never the outcome. */
  categorical?: string[];
  /** Empirical-Bayes shrinkage (default true). */
  eb?: boolean;
  /** Location only (default false). */
  meanOnly?: boolean;
}

const WHERE = 'steps: combat';

/**
 * ComBat harmonisation as a chain step (combat-model.ts has the algorithm). It needs the batch column
 * and covariates of its rows, which the chain passes as a RowContext: `fitWithContext` learns from the
 * training rows only; labels are accepted (the Transformer contract) and never read.
 *
 * Rule for a batch not among the training rows (an external centre, or a centre absent from a CV fold's
 * training part): `transformWithContext` estimates that batch's parameters from the rows of that batch
 * it is given, features and covariates only (`estimateNewBatch`), so it needs at least 2 of them; their
 * harmonised values then depend on each other (as in any ComBat of a new site) but never on a label.
 */
export class CombatStep implements ContextualTransformer {
  readonly id = 'combat';
  readonly options: CombatOptions;
  private modelValue?: CombatModel;

  constructor(readonly params: CombatStepOptions) {
    // Checked by the steps' one rule set; `params` stay as given (they are what a locked model stores).
    checkStepParams(STEP_PARAMS.combat, params ?? {}, 'combat');
    this.options = {
      ...DEFAULT_COMBAT_OPTIONS,
      ...(params.eb !== undefined ? { eb: params.eb } : {}),
      ...(params.meanOnly !== undefined ? { meanOnly: params.meanOnly } : {}),
    };
  }

  get contextColumns(): string[] {
    return [this.params.batch, ...(this.params.continuous ?? []), ...(this.params.categorical ?? [])];
  }

  get fitted(): boolean {
    return this.modelValue !== undefined;
  }

  get model(): CombatModel {
    if (!this.modelValue) throw new NotFittedError(this.id);
    return this.modelValue;
  }

  /** The fitted step as JSON-safe data: `CombatStep.fromJSON` rebuilds a step that maps rows to the same bits. */
  toJSON(): { id: 'combat'; params: CombatStepOptions; state: CombatModelJson } {
    return { id: 'combat', params: structuredClone(this.params), state: combatModelToJson(this.model) };
  }

  static fromJSON(saved: { id: string; params: CombatStepOptions; state: CombatModelJson }): CombatStep {
    if (saved.id !== 'combat') throw new RadSweepInputError(`saved step is '${saved.id}', not combat`, WHERE);
    const step = new CombatStep(saved.params);
    step.modelValue = combatModelFromJson(saved.state);
    return step;
  }

  fit(): this {
    throw new RadSweepInputError('combat needs its batch column: fit it with fitWithContext (the chain does)', WHERE);
  }

  transform(): Matrix {
    throw new RadSweepInputError('combat needs its batch column: map rows with transformWithContext (the chain does)', WHERE);
  }

  fitWithContext(x: Matrix, y: Uint8Array, context: RowContext): this {
    checkFitInput(this.id, x, y);
    this.modelValue = fitCombat(x, this.batchOf(context, x.rows), this.covariatesOf(context, x.rows), this.options);
    return this;
  }

  transformWithContext(x: Matrix, context: RowContext): Matrix {
    const model = this.model;
    const batch = this.batchOf(context, x.rows);
    const covariates = this.covariatesOf(context, x.rows);
    const known = new Map(model.batches.map((b) => [b.batch, b]));
    const paramsOfRow: BatchParameters[] = new Array(x.rows);
    const unseen = new Map<string, number[]>();
    batch.forEach((b, i) => {
      if (b === null) throw new RadSweepInputError(`the batch column '${this.params.batch}' is missing in row ${i + 1} of the rows to harmonise`, WHERE);
      const p = known.get(b);
      if (p) paramsOfRow[i] = p;
      else if (unseen.has(b)) unseen.get(b)!.push(i);
      else unseen.set(b, [i]);
    });
    for (const [b, rows] of unseen) {
      const params = estimateNewBatch(model, takeRows(x, rows), subsetCovariates(covariates, rows), b);
      for (const i of rows) paramsOfRow[i] = params;
    }
    return x.rows === 0 ? matrix(0, x.cols) : applyCombat(model, x, covariates, paramsOfRow);
  }

  private batchOf(context: RowContext, rows: number): (string | null)[] {
    const col = contextColumn(context, this.params.batch, rows);
    return Array.isArray(col) ? col : Array.from(col, (v) => (Number.isNaN(v) ? null : String(v)));
  }

  /** The covariates to preserve, read from the rows' context. */
  covariatesOf(context: RowContext, rows: number): CombatCovariates {
    return {
      continuous: (this.params.continuous ?? []).map((name) => {
        const col = contextColumn(context, name, rows);
        if (Array.isArray(col)) throw new RadSweepInputError(`continuous covariate '${name}' is not numeric; list it under categorical`, WHERE);
        return { name, values: col };
      }),
      categorical: (this.params.categorical ?? []).map((name) => {
        const col = contextColumn(context, name, rows);
        return { name, values: Array.isArray(col) ? col : Array.from(col, (v) => (Number.isNaN(v) ? null : String(v))) };
      }),
    };
  }
}

/**
 * Harmonises the rows of one new batch (an external centre) with a fitted combat step: its parameters are
 * estimated from these rows' features (and covariates) only; no outcome is taken, so none can be used.
 */
export function harmoniseNewBatch(step: CombatStep, x: Matrix, context: RowContext, batch = 'external'): { x: Matrix; parameters: BatchParameters } {
  const covariates = step.covariatesOf(context, x.rows);
  const parameters = estimateNewBatch(step.model, x, covariates, batch);
  return { x: applyCombat(step.model, x, covariates, new Array(x.rows).fill(parameters)), parameters };
}

function contextColumn(context: RowContext, name: string, rows: number): Float64Array | (string | null)[] {
  const col = context[name];
  if (!col) throw new RadSweepInputError(`column '${name}' is not in the data (the batch and covariate columns must be columns of the data set)`, WHERE);
  if (col.length !== rows) throw new RangeError(`combat: context column '${name}' has ${col.length} values for ${rows} rows`);
  return col;
}

function subsetCovariates(c: CombatCovariates, rows: number[]): CombatCovariates {
  return {
    continuous: c.continuous.map((v) => ({ name: v.name, values: Float64Array.from(rows, (i) => v.values[i]) })),
    categorical: c.categorical.map((v) => ({ name: v.name, values: rows.map((i) => v.values[i]) })),
  };
}
