/** Small 3-vector helpers for DICOM patient coordinates (LPS, mm). */
export type V3 = [number, number, number];

export const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const sub = (a: readonly number[], b: readonly number[]): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const cross = (a: readonly number[], b: readonly number[]): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const unit = (a: readonly number[]): V3 => {
  const n = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / n, a[1] / n, a[2] / n];
};
export const fmt = (a: readonly number[]): string => `(${a.map((x) => +x.toFixed(4)).join(', ')})`;

/** Row and column direction cosines from ImageOrientationPatient (6 values), each made unit length. */
export function orientationAxes(iop: readonly number[]): { row: V3; col: V3; normal: V3 } {
  const row = unit(iop.slice(0, 3));
  const col = unit(iop.slice(3, 6));
  return { row, col, normal: unit(cross(row, col)) };
}

/** Orientation vectors equal within `tol` (direction cosines written as decimal strings). */
export const sameAxes = (a: readonly number[], b: readonly number[], tol = 1e-4): boolean => a.every((x, i) => Math.abs(x - b[i]) <= tol);
