import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { log1pExp, sigmoid } from '../../libs/classifiers/src/linear/dense';
import { fitPlatt } from '../../libs/classifiers/src/svm/platt-scaling';

/**
 * fitPlatt before its speed-up (frozen copy): two softplus terms per row in the loss, every
 * line-search trial evaluated, all 100 Newton iterations run. The fast version must give the
 * same (A, B) bit for bit. `stalls` counts the trials at a point equal to the current one (where the
 * fast version skips the loss and stops), so the test can tell that its cases reach that path.
 */
let stalls = 0;
function fitPlattFrozen(f: Float64Array, y: Uint8Array): { a: number; b: number } {
  const n = f.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i];
  const nNeg = n - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * f[i] + b;
      const t = y[i] ? tPos : tNeg;
      s += t * log1pExp(z) + (1 - t) * log1pExp(-z);
    }
    return s;
  };
  let a = 0;
  let b = Math.log((nNeg + 1) / (nPos + 1));
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const pr = sigmoid(-(a * f[i] + b));
      const r = (y[i] ? tPos : tNeg) - pr;
      const h = pr * (1 - pr);
      ga += r * f[i];
      gb += r;
      haa += h * f[i] * f[i];
      hab += h * f[i];
      hbb += h;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= 1e-10) break;
    haa += 1e-12;
    hbb += 1e-12;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    let moved = false;
    for (let k = 0; k < 60; k++) {
      if (Object.is(a + step * da, a) && Object.is(b + step * db, b)) stalls++;
      const trial = loss(a + step * da, b + step * db);
      if (trial <= current + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da;
        b += step * db;
        current = trial;
        moved = true;
        break;
      }
      step *= 0.5;
    }
    if (!moved) break;
  }
  return { a, b };
}

const bits = (v: number) => Buffer.from(Float64Array.of(v).buffer).toString('hex');

/** Decision values of n rows: overlapping classes (shift), separable ones (big shift), constant or tied scores. */
function scores(rng: Rng, n: number, kind: number): { f: Float64Array; y: Uint8Array } {
  const f = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.3 ? 1 : 0;
    const shift = [0.5, 6, 0, 1][kind] * (y[i] ? 1 : -1);
    f[i] = kind === 2 ? 0.25 : kind === 3 ? Math.round(4 * (rng.normal() + shift)) / 4 : rng.normal() * 1.5 + shift;
  }
  if (!y.includes(1)) y[0] = 1;
  if (!y.includes(0)) y[n - 1] = 0;
  return { f, y };
}

describe('Platt scaling speed-up', () => {
  it('gives the bits of the frozen original on overlapping, separable, constant and tied scores', () => {
    const rng = new Rng(2024);
    stalls = 0;
    for (let c = 0; c < 240; c++) {
      const { f, y } = scores(rng, 5 + Math.floor(rng.next() * 400), c % 4);
      const want = fitPlattFrozen(f, y);
      const got = fitPlatt(f, y);
      expect([bits(got.a), bits(got.b)], `case ${c}`).toEqual([bits(want.a), bits(want.b)]);
    }
    expect(stalls).toBeGreaterThan(0);
  });
});
