import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import type { GlcmMatrix } from './glcm-matrix';
import { EPS, nanMean } from './texture-input';

export const GLCM_FEATURES = [
  'Autocorrelation',
  'JointAverage',
  'ClusterProminence',
  'ClusterShade',
  'ClusterTendency',
  'Contrast',
  'Correlation',
  'DifferenceAverage',
  'DifferenceEntropy',
  'DifferenceVariance',
  'JointEnergy',
  'JointEntropy',
  'Imc1',
  'Imc2',
  'Idm',
  'MCC',
  'Idmn',
  'Id',
  'Idn',
  'InverseVariance',
  'MaximumProbability',
  'SumAverage',
  'SumEntropy',
  'SumSquares',
] as const;

export type GlcmFeature = (typeof GLCM_FEATURES)[number];

/**
 * Maximal correlation coefficient of one angle: sqrt of the second largest eigenvalue of
 * Q(i, j) = sum_k p(i, k) p(j, k) / (px(i) py(k)). Q is similar to the symmetric
 * S = Dx^-1/2 P Dy^-1 P^T Dx^-1/2, whose eigenvalues are computed instead (pyradiomics adds eps to the
 * denominator; rows with px = 0 are zero either way).
 */
function mcc(p: Float64Array, off: number, n: number, px: Float64Array, py: Float64Array): number {
  if (n < 2) return 1;
  const s = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    if (px[i] === 0) continue;
    for (let j = i; j < n; j++) {
      if (px[j] === 0) continue;
      let sum = 0;
      for (let k = 0; k < n; k++) {
        if (py[k] === 0) continue;
        sum += (p[off + i * n + k] * p[off + j * n + k]) / py[k];
      }
      const v = sum / Math.sqrt(px[i] * px[j]);
      s[i][j] = v;
      s[j][i] = v;
    }
  }
  const values = new EigenvalueDecomposition(new MlMatrix(s), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => a - b);
  return Math.sqrt(values[n - 2]);
}

/** The 24 GLCM features of pyradiomics, each computed per angle and averaged over angles (numpy.nanmean). */
export function glcmFeatures(m: GlcmMatrix): Record<GlcmFeature, number> {
  const { p, n, angles, grey, ng } = m;
  const perAngle = Object.fromEntries(GLCM_FEATURES.map((f) => [f, new Float64Array(angles)])) as Record<GlcmFeature, Float64Array>;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const sumLen = 2 * ng - 1; // k = 2 .. 2 Ng
  const pxAddy = new Float64Array(sumLen);
  const pxSuby = new Float64Array(ng); // k = 0 .. Ng - 1
  for (let a = 0; a < angles; a++) {
    const off = a * n * n;
    px.fill(0);
    py.fill(0);
    pxAddy.fill(0);
    pxSuby.fill(0);
    let ux = 0;
    let uy = 0;
    let hxy = 0;
    let autocorr = 0;
    let contrast = 0;
    let energy = 0;
    let maxP = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = p[off + i * n + j];
        px[i] += v;
        py[j] += v;
        ux += grey[i] * v;
        uy += grey[j] * v;
        hxy -= v * Math.log2(v + EPS);
        autocorr += v * grey[i] * grey[j];
        const d = grey[i] - grey[j];
        contrast += v * d * d;
        energy += v * v;
        if (v > maxP) maxP = v;
        pxAddy[grey[i] + grey[j] - 2] += v;
        pxSuby[Math.abs(d)] += v;
      }
    }
    let cp = 0;
    let cs = 0;
    let ct = 0;
    let sigx2 = 0;
    let sigy2 = 0;
    let corm = 0;
    let hxy1 = 0;
    let hxy2 = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = p[off + i * n + j];
        const t = grey[i] + grey[j] - ux - uy;
        const t2 = t * t;
        ct += v * t2;
        cs += v * t2 * t;
        cp += v * t2 * t2;
        const di = grey[i] - ux;
        const dj = grey[j] - uy;
        sigx2 += v * di * di;
        sigy2 += v * dj * dj;
        corm += v * di * dj;
        const pp = px[i] * py[j];
        const lg = Math.log2(pp + EPS);
        hxy1 -= v * lg;
        hxy2 -= pp * lg;
      }
    }
    let hx = 0;
    let hy = 0;
    for (let i = 0; i < n; i++) {
      hx -= px[i] * Math.log2(px[i] + EPS);
      hy -= py[i] * Math.log2(py[i] + EPS);
    }
    let diffAvg = 0;
    let diffEnt = 0;
    let idm = 0;
    let idmn = 0;
    let id = 0;
    let idn = 0;
    let invVar = 0;
    for (let k = 0; k < ng; k++) {
      const v = pxSuby[k];
      diffAvg += k * v;
      diffEnt -= v * Math.log2(v + EPS);
      idm += v / (1 + k * k);
      idmn += v / (1 + (k * k) / (ng * ng));
      id += v / (1 + k);
      idn += v / (1 + k / ng);
      if (k > 0) invVar += v / (k * k);
    }
    let diffVar = 0;
    for (let k = 0; k < ng; k++) diffVar += pxSuby[k] * (k - diffAvg) ** 2;
    let sumAvg = 0;
    let sumEnt = 0;
    for (let k = 0; k < sumLen; k++) {
      const v = pxAddy[k];
      sumAvg += (k + 2) * v;
      sumEnt -= v * Math.log2(v + EPS);
    }
    const sigxy = Math.sqrt(sigx2) * Math.sqrt(sigy2);
    const div = Math.max(hx, hy);
    const r = perAngle;
    r.Autocorrelation[a] = autocorr;
    r.JointAverage[a] = ux;
    r.ClusterProminence[a] = cp;
    r.ClusterShade[a] = cs;
    r.ClusterTendency[a] = ct;
    r.Contrast[a] = contrast;
    r.Correlation[a] = sigxy === 0 ? 1 : corm / (sigxy + EPS);
    r.DifferenceAverage[a] = diffAvg;
    r.DifferenceEntropy[a] = diffEnt;
    r.DifferenceVariance[a] = diffVar;
    r.JointEnergy[a] = energy;
    r.JointEntropy[a] = hxy;
    r.Imc1[a] = div === 0 ? 0 : (hxy - hxy1) / div;
    r.Imc2[a] = hxy2 === hxy ? 0 : Math.sqrt(1 - Math.exp(-2 * (hxy2 - hxy)));
    r.Idm[a] = idm;
    r.MCC[a] = mcc(p, off, n, px, py);
    r.Idmn[a] = idmn;
    r.Id[a] = id;
    r.Idn[a] = idn;
    r.InverseVariance[a] = invVar;
    r.MaximumProbability[a] = maxP;
    r.SumAverage[a] = sumAvg;
    r.SumEntropy[a] = sumEnt;
    r.SumSquares[a] = sigx2;
  }
  return Object.fromEntries(GLCM_FEATURES.map((f) => [f, nanMean(perAngle[f])])) as Record<GlcmFeature, number>;
}
