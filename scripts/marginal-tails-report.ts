/**
 * Compares the radiomics marginals of the synthetic generator with a reference cohort
 * (default ../shared/data/crlm-synthetic.csv): per-column skewness and kurtosis summaries,
 * the number of columns with skewness > 5, and quantiles of generated vs reference columns.
 *   node -r @swc-node/register scripts/marginal-tails-report.ts [--reference FILE] [--patients N] [--seed S]
 * Prints three rows: the reference, the built-in marginals, and the generator given the
 * reference's marginals (CohortOptions.marginals), each a cohort of --patients patients
 * (default: as many as the reference has).
 */
import { resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { generateCohort, readReferenceMarginals, referenceQuantile, type ReferenceMarginals } from '../libs/pipeline/src/synthetic';

const PROBS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

function moments(x: Float64Array): { skew: number; kurt: number } {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const v of x) {
    const d = v - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n; m3 /= n; m4 /= n;
  // biased estimators, as scipy.stats.skew / kurtosis (Fisher, excess)
  return m2 === 0 ? { skew: 0, kurt: 0 } : { skew: m3 / m2 ** 1.5, kurt: m4 / (m2 * m2) - 3 };
}

function quantileOfList(values: number[], p: number): number {
  return referenceQuantile(Float64Array.from(values).sort(), p);
}

interface Summary { name: string; skew: number[]; kurt: number[] }

function summarise(name: string, columns: ReferenceMarginals, names: string[]): Summary {
  const skew: number[] = [];
  const kurt: number[] = [];
  for (const h of names) {
    const m = moments(columns.get(h)!);
    skew.push(m.skew);
    kurt.push(m.kurt);
  }
  return { name, skew, kurt };
}

function printSummary(s: Summary): void {
  const absSkew = s.skew.map(Math.abs);
  const f = (v: number) => v.toFixed(2).padStart(8);
  console.log(
    `${s.name.padEnd(34)} ${String(s.skew.filter((v) => v > 5).length).padStart(6)} ${String(s.skew.filter((v) => v > 2).length).padStart(6)}` +
      `${f(quantileOfList(absSkew, 0.5))}${f(quantileOfList(absSkew, 0.9))}${f(Math.max(...s.skew))}` +
      `${f(quantileOfList(s.kurt, 0.5))}${f(quantileOfList(s.kurt, 0.9))}${String(s.kurt.filter((v) => v > 30).length).padStart(7)}`,
  );
}

/** Columns of a generated cohort as sorted value arrays (missing values left out). */
function generatedColumns(opts: Parameters<typeof generateCohort>[0]): ReferenceMarginals {
  const c = generateCohort(opts);
  return new Map(c.header.map((h, j) => [h, Float64Array.from(c.rows.map((r) => r[j]).filter((v) => !Number.isNaN(v))).sort()]));
}

/**
 * Quantile agreement per column: |q_gen(p) - q_ref(p)| / (reference IQR, or its range if
 * the IQR is 0), summarised over columns by the median and the 90th percentile.
 */
function printQuantiles(label: string, gen: ReferenceMarginals, ref: ReferenceMarginals, names: string[]): void {
  const cells = PROBS.map((p) => {
    const errs = names.map((h) => {
      const r = ref.get(h)!;
      const scale = referenceQuantile(r, 0.75) - referenceQuantile(r, 0.25) || r[r.length - 1] - r[0] || 1;
      return Math.abs(referenceQuantile(gen.get(h)!, p) - referenceQuantile(r, p)) / scale;
    });
    return `${quantileOfList(errs, 0.5).toFixed(3)}/${quantileOfList(errs, 0.9).toFixed(3)}`.padStart(13);
  });
  console.log(`${label.padEnd(34)}${cells.join('')}`);
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (k: string, d: string) => (args.indexOf(`--${k}`) >= 0 ? args[args.indexOf(`--${k}`) + 1] : d);
  const refPath = resolve(arg('reference', resolve(__dirname, '..', '..', 'shared', 'data', 'crlm-synthetic.csv')));
  const ref = readReferenceMarginals(refPath);
  const seed = Number(arg('seed', '42'));
  const refRows = ref.get('id')!.length;
  const patients = Number(arg('patients', String(refRows)));
  if (!Number.isInteger(patients) || patients < 2) throw new RadSweepInputError(`must be an integer >= 2, got ${patients}`, '--patients');
  const builtIn = generatedColumns({ patients, seed });
  const names = [...builtIn.keys()].slice(16).filter((h) => ref.has(h));
  const matched = generatedColumns({ patients, seed, marginals: ref });

  console.log(`reference ${refPath}: ${refRows} patients; generated cohorts: ${patients} patients, seed ${seed}; ${names.length} radiomics columns`);
  console.log(`\n${'skewness / excess kurtosis'.padEnd(34)} ${'sk>5'.padStart(6)} ${'sk>2'.padStart(6)}${'med|sk|'.padStart(8)}${'p90|sk|'.padStart(8)}${'max sk'.padStart(8)}${'med ku'.padStart(8)}${'p90 ku'.padStart(8)}${'ku>30'.padStart(7)}`);
  printSummary(summarise('reference', ref, names));
  printSummary(summarise('generator, built-in marginals', builtIn, names));
  printSummary(summarise('generator, reference marginals', matched, names));

  console.log(`\nquantile error / reference IQR, median/p90 over columns`);
  console.log(`${'at probability'.padEnd(34)}${PROBS.map((p) => String(p).padStart(13)).join('')}`);
  printQuantiles('generator, built-in marginals', builtIn, ref, names);
  printQuantiles('generator, reference marginals', matched, ref, names);
}

try {
  main();
} catch (e) {
  if (e instanceof RadSweepInputError) {
    console.error(`marginal-tails-report: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
