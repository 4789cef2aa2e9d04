/**
 * Standardised mean difference (SMD) of one variable between a development and an external cohort,
 * missing values left out:
 * - numeric: (mean_ext - mean_dev) / sqrt((s_dev^2 + s_ext^2) / 2), s the sample SD (divisor n - 1);
 * - categorical, per level: (p_ext - p_dev) / sqrt((p_dev (1 - p_dev) + p_ext (1 - p_ext)) / 2); the
 *   variable's SMD is the level's with the largest |SMD| (ties: the first level in sorted order).
 * Reference: Austin, Stat Med 28:3083, 2009 (pooled-SD definition). Undefined (null) when a cohort has
 * no observed value, or when the pooled SD is 0 and the means differ (0 when they are equal).
 */
export const SMD_DEFINITION =
  'SMD = (mean_external - mean_development) / sqrt((sd_development^2 + sd_external^2) / 2), sample SDs (n - 1), missing values left out; ' +
  'categorical: per level with proportions p (sd^2 = p (1 - p)), the variable reports its level of largest |SMD| (Austin 2009)';

export interface NumericSummary {
  n: number;
  mean: number | null;
  sd: number | null;
}

export function numericSummary(values: ArrayLike<number>): NumericSummary {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      n++;
      sum += values[i];
    }
  }
  if (n === 0) return { n, mean: null, sd: null };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) ss += (values[i] - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null };
}

/** SMD from the two cohorts' means and SDs (null where undefined). */
export function smdFromMoments(dev: { mean: number | null; sd: number | null }, ext: { mean: number | null; sd: number | null }): number | null {
  if (dev.mean === null || ext.mean === null || dev.sd === null || ext.sd === null) return null;
  const pooled = Math.sqrt((dev.sd * dev.sd + ext.sd * ext.sd) / 2);
  if (pooled === 0) return ext.mean === dev.mean ? 0 : null;
  return (ext.mean - dev.mean) / pooled;
}

export function numericSmd(dev: ArrayLike<number>, ext: ArrayLike<number>): number | null {
  return smdFromMoments(numericSummary(dev), numericSummary(ext));
}

export interface LevelDifference {
  level: string;
  development: number;
  external: number;
  smd: number | null;
}

/** Per-level proportions (of the non-missing values) and SMDs of a categorical variable, levels sorted. */
export function categoricalSmd(dev: readonly (string | null)[], ext: readonly (string | null)[]): { smd: number | null; levels: LevelDifference[] } {
  const observed = (v: readonly (string | null)[]) => v.filter((x): x is string => x !== null);
  const d = observed(dev);
  const e = observed(ext);
  const levels = [...new Set([...d, ...e])].sort();
  const share = (v: string[], level: string) => v.filter((x) => x === level).length / v.length;
  const out = levels.map((level) => {
    if (d.length === 0 || e.length === 0) return { level, development: NaN, external: NaN, smd: null };
    const pd = share(d, level);
    const pe = share(e, level);
    const pooled = Math.sqrt((pd * (1 - pd) + pe * (1 - pe)) / 2);
    return { level, development: pd, external: pe, smd: pooled === 0 ? (pd === pe ? 0 : null) : (pe - pd) / pooled };
  });
  let best: number | null = null;
  for (const l of out) if (l.smd !== null && (best === null || Math.abs(l.smd) > Math.abs(best))) best = l.smd;
  return { smd: best, levels: out };
}
