import type { Marginal } from './feature-marginals';

/**
 * The value of a feature with marginal `m` at latent score z, for a tumour whose
 * diameter is `sizeRatio` times the median (see Marginal for the formulas).
 * `identity` and `model` marginals are filled elsewhere and give NaN here.
 */
export function marginalValue(m: Marginal, z: number, sizeRatio: number): number {
  switch (m.kind) {
    case 'lognormal': {
      const sized = m.sizePower ? Math.pow(sizeRatio, m.sizePower) : 1;
      return (m.offset ?? 0) + m.median * Math.exp(m.sigma * z) * sized;
    }
    case 'normal':
      return m.mean + m.sd * z;
    case 'unit': {
      const u = 1 / (1 + Math.exp(-(Math.log(m.median / (1 - m.median)) + m.sd * z)));
      return m.negative ? -u : u;
    }
    case 'correlation':
      return Math.tanh(Math.atanh(m.median) + m.sd * z);
    default:
      return NaN;
  }
}

/**
 * x rounded to 8 significant digits, as written in the CSV. Measured values are stored
 * rounded so that columns computed from them by an identity hold exactly in the file.
 */
export function roundSignificant(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(8));
}
