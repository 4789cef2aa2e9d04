import { RadSweepInputError } from '@radsweep/core';
import type { BatchParameters, CombatModel } from './combat-model';

/** A fitted ComBat model as JSON-safe data (typed arrays as number[]; JSON numbers round-trip float64 exactly). */
export interface CombatModelJson {
  features: number;
  options: CombatModel['options'];
  coding: CombatModel['coding'];
  covariateBeta: number[];
  grandMean: number[];
  varPooled: number[];
  batches: {
    batch: string;
    rows: number;
    gammaHat: number[];
    deltaHat: number[];
    gammaStar: number[];
    deltaStar: number[];
    prior?: BatchParameters['prior'];
  }[];
}

export function combatModelToJson(m: CombatModel): CombatModelJson {
  const arr = (a: Float64Array) => Array.from(a);
  return {
    features: m.features,
    options: { ...m.options },
    coding: structuredClone(m.coding),
    covariateBeta: arr(m.covariateBeta),
    grandMean: arr(m.grandMean),
    varPooled: arr(m.varPooled),
    batches: m.batches.map((b) => ({
      batch: b.batch,
      rows: b.rows,
      gammaHat: arr(b.gammaHat),
      deltaHat: arr(b.deltaHat),
      gammaStar: arr(b.gammaStar),
      deltaStar: arr(b.deltaStar),
      ...(b.prior ? { prior: { ...b.prior } } : {}),
    })),
  };
}

export function combatModelFromJson(j: CombatModelJson): CombatModel {
  const p = j.features;
  const f64 = (a: unknown, length: number, what: string) => {
    if (!Array.isArray(a) || a.length !== length || a.some((v) => typeof v !== 'number')) {
      throw new RadSweepInputError(`saved combat state: ${what} must be ${length} numbers`, 'combat');
    }
    return Float64Array.from(a as number[]);
  };
  return {
    features: p,
    options: { ...j.options },
    coding: structuredClone(j.coding),
    covariateBeta: f64(j.covariateBeta, j.coding.columns * p, 'covariateBeta'),
    grandMean: f64(j.grandMean, p, 'grandMean'),
    varPooled: f64(j.varPooled, p, 'varPooled'),
    batches: j.batches.map((b) => ({
      batch: b.batch,
      rows: b.rows,
      gammaHat: f64(b.gammaHat, p, `gammaHat of '${b.batch}'`),
      deltaHat: f64(b.deltaHat, p, `deltaHat of '${b.batch}'`),
      gammaStar: f64(b.gammaStar, p, `gammaStar of '${b.batch}'`),
      deltaStar: f64(b.deltaStar, p, `deltaStar of '${b.batch}'`),
      ...(b.prior ? { prior: { ...b.prior } } : {}),
    })),
  };
}
