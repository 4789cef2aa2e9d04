import type { CohortTransportability, ExternalCohortResult } from '@radsweep/pipeline';

/** The transportability report in brief: membership AUC and the 5 most shifted selected features (the JSON has it all). */
export function transportabilityLine(t: CohortTransportability): string {
  const top = t.report.featureShift.slice(0, 5).map((s) => `${s.name} ${s.smd === null ? 'n/a' : s.smd.toFixed(2)}`);
  return `  transportability vs ${t.report.development}: membership AUC ${t.report.membership.auc.toFixed(3)}; largest |SMD|: ${top.join(', ')}`;
}

/**
 * Under a leaderboard with external cohorts: per cohort, the CV-chosen model's calibration there and the
 * cohort's transportability in brief (the models of a feature set share its chain, hence the report).
 */
export function externalTransportLines(chosen: { label: string; external?: ExternalCohortResult[] } | null | undefined): string[] {
  if (!chosen?.external) return [];
  return chosen.external.map((e) => {
    const r = e.results;
    const calibration =
      r.kind === 'binary' ? `calibration in the large ${fmt(r.pooled.test.calibrationIntercept)}, slope ${fmt(r.pooled.test.calibrationSlope)} (${chosen.label})` : `Harrell C ${fmt(r.pooled.harrellC.estimate)} (${chosen.label})`;
    const transport = e.transportability
      ? `;${transportabilityLine(e.transportability).replace(/^ {2}transportability vs [^:]*:/, '')}`
      : e.transportabilityError
        ? `; transportability not computed (${e.transportabilityError})`
        : '';
    return `${e.name}: ${calibration}${transport}`;
  });
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(3);
}
