/** A step of 1, 2, 2.5 or 5 times a power of ten near `span / count`, as axis ticks use. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/** The axis range: given limits kept, a missing one widened from the data to a multiple of the tick step (as chart.js does). */
export function axisRange(dataMin: number, dataMax: number, fixedMin: number | undefined, fixedMax: number | undefined, count = 5): [number, number] {
  let lo = fixedMin ?? dataMin;
  let hi = fixedMax ?? dataMax;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const step = niceStep(hi - lo, count);
  return [fixedMin ?? Math.floor(lo / step + 1e-9) * step, fixedMax ?? Math.ceil(hi / step - 1e-9) * step];
}

/** Ticks at multiples of a nice step inside [min, max] (ends included when they fall on it). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(max - min, count);
  const out: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** A tick value as text without floating-point noise (0.30000000000000004 -> 0.3). */
export function tickText(v: number): string {
  return String(Number(v.toPrecision(12)));
}
