/** What numbers at risk are read from: a Kaplan-Meier curve with every distinct observed time (events AND censorings, as survfit stores it). */
export interface AtRiskCurve {
  time: number[];
  /** Patients with time >= time[j]. */
  nRisk: number[];
}

/**
 * Numbers at risk at each tick time, R survminer's convention (`summary(survfit, times = ticks, extend = TRUE)$n.risk`):
 * the count of patients whose time is >= the tick time (a patient with an event or censoring exactly at the
 * tick is still at risk there). Read from the curve: n_risk of the first stored time >= the tick, or 0 when
 * every time lies before it. This needs the curve's censoring times too (a curve of event times only would
 * miss patients censored between the tick and the next event).
 */
export function numbersAtRisk(curve: AtRiskCurve, ticks: number[]): number[] {
  if (curve.nRisk.length !== curve.time.length) throw new Error(`numbersAtRisk: ${curve.time.length} times but ${curve.nRisk.length} numbers at risk`);
  return ticks.map((tick) => {
    // binary search for the first time >= tick
    let lo = 0;
    let hi = curve.time.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (curve.time[mid] < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo < curve.time.length ? curve.nRisk[lo] : 0;
  });
}
