/**
 * Harrell's C of a risk score (higher = earlier event), with R `survival::concordance`'s conventions:
 * a pair is comparable when the shorter time is an event (an event and a censoring at the same time:
 * the censored one counts as longer; two events at the same time: not comparable); ties in the
 * score count 1/2. O(n^2); used inside model selection (CV) here, libs/metrics holds the reported
 * metric with its standard error.
 */
export function harrellConcordance(time: Float64Array, event: Uint8Array, risk: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < time.length; i++) {
    if (!event[i]) continue;
    for (let j = 0; j < time.length; j++) {
      if (!(time[j] > time[i] || (time[j] === time[i] && !event[j]))) continue;
      den++;
      num += risk[i] > risk[j] ? 1 : risk[i] === risk[j] ? 0.5 : 0;
    }
  }
  return num / den;
}
