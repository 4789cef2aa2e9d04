/**
 * Evenly spaced tick times 0, step, 2 step, ... up to `max` (inclusive), the step a 1, 2, 2.5 or 5 times a
 * power of ten chosen so that there are at most `maxIntervals` intervals (R's pretty() in spirit). The
 * Kaplan-Meier plot's x axis uses exactly these ticks, and its numbers-at-risk table counts at them.
 */
export function timeTicks(max: number, maxIntervals = 6): number[] {
  if (!Number.isFinite(max) || max < 0) throw new Error(`timeTicks: max ${max} must be a finite time >= 0`);
  if (!Number.isInteger(maxIntervals) || maxIntervals < 1) throw new Error(`timeTicks: maxIntervals must be a positive integer, got ${maxIntervals}`);
  if (max === 0) return [0];
  const raw = max / maxIntervals;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-12))!;
  const ticks: number[] = [];
  // multiply rather than accumulate, so 0.1-steps stay exact to print
  for (let k = 0; k * step <= max * (1 + 1e-12); k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
