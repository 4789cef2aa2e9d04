import { Matrix, NotFittedError } from '@radsweep/core';

/** Refuses a fit on no rows or on labels that do not match the rows. */
export function checkFitInput(stepId: string, x: Matrix, y: Uint8Array): void {
  if (x.rows === 0 || x.cols === 0) throw new RangeError(`${stepId}.fit: empty input (${x.rows} x ${x.cols})`);
  if (y.length !== x.rows) throw new RangeError(`${stepId}.fit: ${x.rows} rows but ${y.length} labels`);
}

/** Refuses transform before fit, or on a matrix with another column count than the one fitted. */
export function checkTransformInput(stepId: string, fittedCols: number | undefined, x: Matrix): number {
  if (fittedCols === undefined) throw new NotFittedError(stepId);
  if (x.cols !== fittedCols) {
    throw new RangeError(`${stepId}.transform: input has ${x.cols} columns, the step was fitted on ${fittedCols}`);
  }
  return fittedCols;
}
