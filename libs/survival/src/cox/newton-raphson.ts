import { RadSweepInputError } from '@radsweep/core';
import { choleskyInPlace, choleskySolveInPlace } from '@radsweep/classifiers';

/** The penalised log partial likelihood, score and information at beta (see `coxPartialLikelihood`). */
export type CoxObjective = (beta: Float64Array) => { loglik: number; score: Float64Array; information: Float64Array };

export interface NewtonResult {
  beta: Float64Array;
  /** Objective at the start (beta = init) and at the returned beta. */
  loglik: [number, number];
  /** Inverse information at the returned beta (the variance of beta), p x p. */
  variance: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Newton-Raphson with step halving exactly as R's `coxph` drives it (survival 3.5, coxfit6.c):
 * a full Newton step from the best beta so far; stop as soon as |1 - best / new| <= eps on the
 * log likelihood (returning the new beta); if the likelihood dropped, move back towards the best
 * beta, newbeta = (newbeta + h beta) / (h + 1) after the h-th failure. Newton's iterates do not
 * depend on centring or scaling the covariates, so this returns R's iterate, not only its optimum.
 */
export function coxNewtonRaphson(objective: CoxObjective, p: number, maxIter: number, eps: number, where: string): NewtonResult {
  let beta = new Float64Array(p);
  let cur = objective(beta);
  const start = cur.loglik;
  let best = start;
  let step = newtonStep(cur.information, cur.score, p, where);
  let newBeta = beta.map((b, j) => b + step[j]);
  let halving = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    const next = objective(newBeta);
    const finite = Number.isFinite(next.loglik) && next.score.every(Number.isFinite) && next.information.every(Number.isFinite);
    if (finite && Math.abs(1 - best / next.loglik) <= eps) {
      return { beta: newBeta, loglik: [start, next.loglik], variance: inverse(next.information, p), iterations: iter, converged: true };
    }
    if (!finite || next.loglik < best) {
      halving++;
      newBeta = newBeta.map((b, j) => (b + halving * beta[j]) / (halving + 1));
    } else {
      halving = 0;
      best = next.loglik;
      cur = next;
      step = newtonStep(next.information, next.score, p, where);
      beta = newBeta;
      newBeta = beta.map((b, j) => b + step[j]);
    }
  }
  // out of iterations: the best beta so far, as R returns it
  cur = objective(beta);
  return { beta, loglik: [start, cur.loglik], variance: inverse(cur.information, p), iterations: maxIter, converged: false };
}

function newtonStep(information: Float64Array, score: Float64Array, p: number, where: string): Float64Array {
  const l = information.slice();
  if (!choleskyInPlace(l, p)) {
    throw new RadSweepInputError('the Cox information matrix is singular: a constant covariate, or covariates that are linear combinations of others (drop them or use l2 > 0)', where);
  }
  const step = score.slice();
  choleskySolveInPlace(l, p, step);
  return step;
}

function inverse(a: Float64Array, p: number): Float64Array {
  const l = a.slice();
  const out = new Float64Array(p * p);
  if (!choleskyInPlace(l, p)) return out.fill(NaN);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    choleskySolveInPlace(l, p, e);
    for (let i = 0; i < p; i++) out[i * p + j] = e[i];
  }
  return out;
}
