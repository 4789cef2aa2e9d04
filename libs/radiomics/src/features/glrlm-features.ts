import type { GlrlmMatrix } from './glrlm-matrix';
import { EPS, nanMean } from './texture-input';

export const GLRLM_FEATURES = [
  'ShortRunEmphasis',
  'LongRunEmphasis',
  'GrayLevelNonUniformity',
  'GrayLevelNonUniformityNormalized',
  'RunLengthNonUniformity',
  'RunLengthNonUniformityNormalized',
  'RunPercentage',
  'GrayLevelVariance',
  'RunVariance',
  'RunEntropy',
  'LowGrayLevelRunEmphasis',
  'HighGrayLevelRunEmphasis',
  'ShortRunLowGrayLevelEmphasis',
  'ShortRunHighGrayLevelEmphasis',
  'LongRunLowGrayLevelEmphasis',
  'LongRunHighGrayLevelEmphasis',
] as const;

export type GlrlmFeature = (typeof GLRLM_FEATURES)[number];

/** The 16 GLRLM features of pyradiomics, per angle, averaged over angles (numpy.nanmean). */
export function glrlmFeatures(m: GlrlmMatrix): Record<GlrlmFeature, number> {
  const { p, n, nr, angles, grey, runLength, runs } = m;
  const out = Object.fromEntries(GLRLM_FEATURES.map((f) => [f, new Float64Array(angles)])) as Record<GlrlmFeature, Float64Array>;
  const pg = new Float64Array(n);
  const pr = new Float64Array(nr);
  for (let a = 0; a < angles; a++) {
    const off = a * n * nr;
    const nRuns = runs[a];
    pg.fill(0);
    pr.fill(0);
    let srlgle = 0;
    let srhgle = 0;
    let lrlgle = 0;
    let lrhgle = 0;
    let entropy = 0;
    for (let i = 0; i < n; i++) {
      const i2 = grey[i] * grey[i];
      for (let r = 0; r < nr; r++) {
        const v = p[off + i * nr + r];
        pg[i] += v;
        pr[r] += v;
        const j2 = runLength[r] * runLength[r];
        srlgle += v / (i2 * j2);
        srhgle += (v * i2) / j2;
        lrlgle += (v * j2) / i2;
        lrhgle += v * j2 * i2;
        const q = v / nRuns;
        entropy -= q * Math.log2(q + EPS);
      }
    }
    let sre = 0;
    let lre = 0;
    let rln = 0;
    let np = 0;
    let uj = 0;
    for (let r = 0; r < nr; r++) {
      const j = runLength[r];
      sre += pr[r] / (j * j);
      lre += pr[r] * j * j;
      rln += pr[r] * pr[r];
      np += pr[r] * j;
      uj += (pr[r] / nRuns) * j;
    }
    let rv = 0;
    for (let r = 0; r < nr; r++) rv += (pr[r] / nRuns) * (runLength[r] - uj) ** 2;
    let gln = 0;
    let ui = 0;
    let lglre = 0;
    let hglre = 0;
    for (let i = 0; i < n; i++) {
      gln += pg[i] * pg[i];
      ui += (pg[i] / nRuns) * grey[i];
      lglre += pg[i] / (grey[i] * grey[i]);
      hglre += pg[i] * grey[i] * grey[i];
    }
    let glv = 0;
    for (let i = 0; i < n; i++) glv += (pg[i] / nRuns) * (grey[i] - ui) ** 2;
    out.ShortRunEmphasis[a] = sre / nRuns;
    out.LongRunEmphasis[a] = lre / nRuns;
    out.GrayLevelNonUniformity[a] = gln / nRuns;
    out.GrayLevelNonUniformityNormalized[a] = gln / (nRuns * nRuns);
    out.RunLengthNonUniformity[a] = rln / nRuns;
    out.RunLengthNonUniformityNormalized[a] = rln / (nRuns * nRuns);
    out.RunPercentage[a] = nRuns / np;
    out.GrayLevelVariance[a] = glv;
    out.RunVariance[a] = rv;
    out.RunEntropy[a] = entropy;
    out.LowGrayLevelRunEmphasis[a] = lglre / nRuns;
    out.HighGrayLevelRunEmphasis[a] = hglre / nRuns;
    out.ShortRunLowGrayLevelEmphasis[a] = srlgle / nRuns;
    out.ShortRunHighGrayLevelEmphasis[a] = srhgle / nRuns;
    out.LongRunLowGrayLevelEmphasis[a] = lrlgle / nRuns;
    out.LongRunHighGrayLevelEmphasis[a] = lrhgle / nRuns;
  }
  return Object.fromEntries(GLRLM_FEATURES.map((f) => [f, nanMean(out[f])])) as Record<GlrlmFeature, number>;
}
