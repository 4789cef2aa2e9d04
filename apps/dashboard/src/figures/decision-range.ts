/**
 * The net-benefit range a decision curve is drawn in: from max(-0.05, -prevalence / 2) up to the prevalence
 * (the net benefit of treating all at threshold 0, the most any strategy can reach). Below that a model's
 * curve dives towards -infinity at high thresholds and flattens the informative part; the numbers table and
 * the CSV keep every value. Prevalence outside (0, 1): no clipping information, so -0.05 to 1.
 */
export function netBenefitRange(prevalence: number): { yMin: number; yMax: number } {
  if (!(prevalence > 0 && prevalence < 1)) return { yMin: -0.05, yMax: 1 };
  return { yMin: Math.max(-0.05, -prevalence / 2), yMax: prevalence };
}

/** A threshold range typed by the user, checked: numbers in [0, 1] with from < to, or the reason not. */
export function thresholdRange(fromText: string, toText: string): { from: number; to: number } | { error: string } {
  const from = Number(fromText);
  const to = Number(toText);
  if (fromText.trim() === '' || toText.trim() === '' || !Number.isFinite(from) || !Number.isFinite(to)) return { error: 'Threshold range: both limits must be numbers.' };
  if (from < 0 || to > 1) return { error: `Threshold range: limits must lie in [0, 1], got ${from} to ${to}.` };
  if (from >= to) return { error: `Threshold range: "from" (${from}) must be below "to" (${to}).` };
  return { from, to };
}

/**
 * The event rate behind a treat-all net benefit: NB(t) = r - (1 - r) t / (1 - t), so r = NB (1 - t) + t.
 * A survival decision curve stores treat all (Kaplan-Meier risk by the horizon), not the rate itself.
 */
export function rateFromTreatAll(threshold: number, netBenefit: number): number {
  return netBenefit * (1 - threshold) + threshold;
}
