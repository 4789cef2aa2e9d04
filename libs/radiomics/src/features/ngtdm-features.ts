import type { NgtdmMatrix } from './ngtdm-matrix';

export const NGTDM_FEATURES = ['Coarseness', 'Contrast', 'Busyness', 'Complexity', 'Strength'] as const;

export type NgtdmFeature = (typeof NGTDM_FEATURES)[number];

/** The 5 NGTDM features of pyradiomics (over grey levels present, so every p_i > 0). */
export function ngtdmFeatures(m: NgtdmMatrix): Record<NgtdmFeature, number> {
  const { count, sumDiff: s, grey } = m;
  const n = count.length;
  let nvp = 0;
  for (let i = 0; i < n; i++) nvp += count[i];
  const p = count.map((c) => c / nvp);
  let sumS = 0;
  let pis = 0;
  for (let i = 0; i < n; i++) {
    sumS += s[i];
    pis += p[i] * s[i];
  }
  let contrastSum = 0;
  let absDiff = 0;
  let complexity = 0;
  let strength = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = grey[i] - grey[j];
      contrastSum += p[i] * p[j] * d * d;
      absDiff += Math.abs(grey[i] * p[i] - grey[j] * p[j]);
      const div = p[i] + p[j];
      complexity += (Math.abs(d) * (p[i] * s[i] + p[j] * s[j])) / (div === 0 ? 1 : div);
      strength += (p[i] + p[j]) * d * d;
    }
  }
  const ngp = n;
  const div = ngp * (ngp - 1);
  return {
    Coarseness: pis === 0 ? 1e6 : 1 / pis,
    Contrast: div === 0 ? 0 : (contrastSum * sumS) / nvp / div,
    Busyness: absDiff === 0 ? 0 : pis / absDiff,
    Complexity: complexity / nvp,
    Strength: sumS === 0 ? 0 : strength / sumS,
  };
}
