import { describe, expect, it } from 'vitest';
import { Rng, fromRows, matrix } from '@radsweep/core';
import { createClassifier, restoreClassifier } from '@radsweep/classifiers';
import type { MlpClassifier } from '../../libs/classifiers/src/neural';
import { MlpNetwork } from '../../libs/classifiers/src/neural/mlp-network';
import { AdamOptimizer } from '../../libs/classifiers/src/neural/adam';
import { MLP_MODULE, createMlpKernels } from '../../libs/classifiers/src/neural/mlp-kernels';
import { validateKernel } from '@radsweep/core';
import { rowSums } from '../../libs/classifiers/src/neural/row-sums';
import { plainFixture } from '../support/shared';
import { fitPredict, maxAbsDiff, sklearnProbabilities } from './sklearn-predictions';

describe('mlp', () => {
  it('learns XOR', () => {
    const x = fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = Uint8Array.from([0, 1, 1, 0]);
    const m = createClassifier('mlp', { hidden_layer_sizes: [8], activation: 'tanh', learning_rate_init: 0.05, max_iter: 2000, alpha: 0 }, 1).fit(x, y);
    const p = m.predictProba(x);
    expect(p[0]).toBeLessThan(0.1);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[2]).toBeGreaterThan(0.9);
    expect(p[3]).toBeLessThan(0.1);
  });

  // The blocked kernel must give the textbook loop's numbers bit for bit (same summation
  // order), on both its dense and compacted paths, for every column block (JS: 8, 4, 2, 1;
  // wasm: sparse rows in passes of 24 columns, then a last pass of every width 1-23).
  it('rowSums equals the plain triple loop exactly, dense and sparse, row-wise and column-wise x', () => {
    const rng = new Rng(12);
    const shapes = [[5, 7, 13], [4, 9, 1], [3, 2, 8], [6, 11, 4], [1, 3, 3], [7, 6, 14], [9, 30, 42], [4, 17, 33]];
    for (let width = 1; width <= 50; width++) shapes.push([3, 5 + (width % 7), width]);
    for (const [rows, terms, width] of shapes) {
      // x is rows x terms (row-wise) and also read column-wise from its transpose; half zeros
      const x = Float64Array.from({ length: rows * terms }, () => (rng.next() < 0.5 ? 0 : rng.normal()));
      const xt = new Float64Array(rows * terms);
      for (let r = 0; r < rows; r++) for (let t = 0; t < terms; t++) xt[t * rows + r] = x[r * terms + t];
      const m = Float64Array.from({ length: terms * width }, () => rng.normal());
      const start = Float64Array.from({ length: width }, () => rng.normal());
      const expected = new Float64Array(rows * width);
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < width; j++) {
          let c = start[j];
          for (let t = 0; t < terms; t++) if (x[r * terms + t] !== 0) c += x[r * terms + t] * m[t * width + j];
          expected[r * width + j] = c;
        }
      const scratch = { offset: new Int32Array(terms), value: new Float64Array(terms) };
      for (const sparse of [false, true]) {
        const byRow = new Float64Array(rows * width);
        rowSums(byRow, 0, width, rows, width, start, x, 0, terms, 1, terms, m, width, sparse, scratch);
        expect(Array.from(byRow), `rows, sparse ${sparse}`).toEqual(Array.from(expected));
        const byColumn = new Float64Array(rows * width);
        rowSums(byColumn, 0, width, rows, width, start, xt, 0, 1, rows, terms, m, width, sparse, scratch);
        expect(Array.from(byColumn), `columns, sparse ${sparse}`).toEqual(Array.from(expected));
      }
      // The WebAssembly kernel, on copies in its own memory, with and without a start row.
      const k = createMlpKernels('wasm', [x.length, xt.length, m.length, width, rows * width], terms, width);
      const [wx, wxt, wm, wStart, wOut] = k.arrays;
      wx.set(x);
      wxt.set(xt);
      wm.set(m);
      wStart.set(start);
      const noStart = new Float64Array(rows * width);
      rowSums(noStart, 0, width, rows, width, null, x, 0, terms, 1, terms, m, width, false, scratch);
      for (const sparse of [false, true]) {
        wOut.fill(NaN);
        k.rowSums(wOut, 0, width, rows, width, wStart, wx, 0, terms, 1, terms, wm, width, sparse);
        expect(Array.from(wOut), `wasm rows, sparse ${sparse}`).toEqual(Array.from(expected));
        wOut.fill(NaN);
        k.rowSums(wOut, 0, width, rows, width, wStart, wxt, 0, 1, rows, terms, wm, width, sparse);
        expect(Array.from(wOut), `wasm columns, sparse ${sparse}`).toEqual(Array.from(expected));
        wOut.fill(NaN);
        k.rowSums(wOut, 0, width, rows, width, null, wx, 0, terms, 1, terms, wm, width, sparse);
        expect(Array.from(wOut), `wasm rows, no start, sparse ${sparse}`).toEqual(Array.from(noStart));
      }
    }
  });

  it('the WebAssembly kernel is the default, the JS one runs only when asked for', () => {
    expect(validateKernel(MLP_MODULE)).toBe(true);
    expect(new MlpNetwork([3, 4, 1], 'relu', 2).kernel).toBe('wasm');
    expect(new MlpNetwork([3, 4, 1], 'relu', 2, undefined, 'js').kernel).toBe('js');
  });

  // The two kernels must fit the same network: every weight, bias and loss to the last bit,
  // through hundreds of epochs of forward, backward and adam steps (relu takes the compacted
  // paths, tanh the dense ones; batch 64 leaves a last batch of 7 rows on wdbc's 455).
  for (const [activation, layers] of [['relu', [64, 32]], ['relu', [5]], ['tanh', [16, 7]]] as const) {
    it(`wasm and JS kernels fit bit-identical weights (${activation} ${JSON.stringify(layers)}, wdbc)`, () => {
      const fx = plainFixture('wdbc');
      const fit = (kernel: 'js' | 'wasm') => {
        const m = createClassifier('mlp', { hidden_layer_sizes: [...layers], activation, batch_size: 64, max_iter: 60 }, 7) as MlpClassifier;
        m.kernel = kernel;
        m.fit(fx.xTrain, fx.yTrain);
        const state = m.toJSON().state as { model: { params: number[] } };
        return { params: state.model.params, loss: m.lossCurve, p: Array.from(m.predictProba(fx.xTest)) };
      };
      const js = fit('js');
      const wasm = fit('wasm');
      expect(wasm.params.length).toBeGreaterThan(0);
      expect(wasm.params).toEqual(js.params);
      expect(wasm.loss).toEqual(js.loss);
      expect(wasm.p).toEqual(js.p);
    });
  }

  // The WebAssembly transpose, transposed decayed gradient and row gather against the JS
  // kernels' plain loops, bit for bit, on even and odd shapes (odd column counts take the
  // scalar tails).
  it('transpose, decayedGradientT and gather: wasm equals the JS loops exactly', () => {
    const rng = new Rng(21);
    for (const [rows, cols] of [[1, 1], [3, 5], [4, 6], [7, 9], [23, 64], [39, 32], [30, 5]]) {
      const n = rows * cols;
      const [js, wasm] = (['js', 'wasm'] as const).map((kind) => createMlpKernels(kind, [n, n, n, n, n, Math.ceil((rows + 2) / 2)], 1, 1));
      const values = [0, 1, 2].map(() => Float64Array.from({ length: rows * cols }, () => rng.normal()));
      const order = Int32Array.from({ length: rows + 2 }, () => Math.floor(rng.next() * rows));
      const results = [js, wasm].map((k) => {
        const [a, b, c, t, g, orderSpace] = k.arrays;
        a.set(values[0]);
        b.set(values[1]);
        c.set(values[2]);
        k.transpose(t, a, rows, cols);
        k.decayedGradientT(g, b, c, rows, cols, 0.37, 11);
        // rows of `a` into c by a row order in the kernels' memory, from its third entry on
        const where = new Int32Array(orderSpace.buffer, orderSpace.byteOffset, order.length);
        where.set(order);
        k.gather(c, a, where, 2, rows, cols);
        return [Array.from(t), Array.from(g), Array.from(c)];
      });
      const expectedT = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) expectedT[q * rows + r] = values[0][r * cols + q];
      expect(results[0][0], `js transpose ${rows} x ${cols}`).toEqual(Array.from(expectedT));
      expect(results[1][0], `wasm transpose ${rows} x ${cols}`).toEqual(results[0][0]);
      expect(results[1][1], `wasm decayedGradientT ${rows} x ${cols}`).toEqual(results[0][1]);
      const expectedRows = Array.from({ length: rows }, (_, r) => Array.from(values[0].subarray(order[2 + r] * cols, (order[2 + r] + 1) * cols))).flat();
      expect(results[0][2], `js gather ${rows} x ${cols}`).toEqual(expectedRows);
      expect(results[1][2], `wasm gather ${rows} x ${cols}`).toEqual(expectedRows);
    }
  });

  // Adam steps block by block (weights with their squares summed on the way, then biases) must
  // give one whole-vector adamUpdate's parameters, and squaresAfterStep weightNormSquared()'s
  // bits; odd block lengths take the JS tails.
  it('adam by blocks = adamUpdate over all parameters; squaresAfterStep = weightNormSquared()', () => {
    for (const kernel of ['js', 'wasm'] as const) {
      const rng = new Rng(8);
      const rows = 9;
      const net = new MlpNetwork([5, 7, 3, 1], 'relu', rows, undefined, kernel);
      net.initialise(() => rng.next());
      const opt = net.adam(0.01, 0.9, 0.999, 1e-8);
      const ref = Float64Array.from(net.params);
      const refOpt = new AdamOptimizer(new Float64Array(ref.length), new Float64Array(ref.length), 0.01, 0.9, 0.999, 1e-8);
      const y = Uint8Array.from({ length: rows }, (_, i) => i % 2);
      const order = Int32Array.from({ length: rows }, (_, i) => i);
      for (let step = 0; step < 25; step++) {
        net.input.set(Float64Array.from({ length: rows * 5 }, () => rng.normal()));
        net.forward(rows);
        net.backward(rows, y, order, 0, 0.01);
        refOpt.step(ref, net.grad);
        opt.step(net.params, net.grad);
        expect(Array.from(net.params), `${kernel} step ${step}`).toEqual(Array.from(ref));
        expect(Object.is(net.squaresAfterStep, net.weightNormSquared()), `${kernel} step ${step}`).toBe(true);
      }
    }
  });

  it('backward gives the gradient of the batch loss (finite differences)', () => {
    const rng = new Rng(5);
    const rows = 6;
    const alpha = 0.3;
    for (const act of ['relu', 'tanh', 'logistic'] as const) {
      const net = new MlpNetwork([3, 4, 2, 1], act, rows);
      net.initialise(() => rng.next());
      const xs = Float64Array.from({ length: rows * 3 }, () => rng.normal());
      const y = Uint8Array.from([0, 1, 1, 0, 1, 0]);
      const order = Int32Array.from({ length: rows }, (_, i) => i);
      const loss = () => {
        net.input.set(xs);
        const out = net.forward(rows);
        let s = 0;
        for (let i = 0; i < rows; i++) s -= y[i] ? Math.log(out[i]) : Math.log(1 - out[i]);
        return s / rows + (0.5 * alpha * net.weightNormSquared()) / rows;
      };
      loss();
      net.backward(rows, y, order, 0, alpha);
      const analytic = Float64Array.from(net.grad);
      for (let k = 0; k < net.params.length; k++) {
        const keep = net.params[k];
        net.params[k] = keep + 1e-6;
        const up = loss();
        net.params[k] = keep - 1e-6;
        const down = loss();
        net.params[k] = keep;
        expect(analytic[k], `${act} parameter ${k}`).toBeCloseTo((up - down) / 2e-6, 6);
      }
    }
  });

  it('initial weights: Glorot-uniform bounds sqrt(6 / (fan_in + fan_out)) per layer', () => {
    const net = new MlpNetwork([30, 64, 32, 1], 'relu', 1);
    const rng = new Rng(1);
    net.initialise(() => rng.next());
    const bounds = [Math.sqrt(6 / 94), Math.sqrt(6 / 96), Math.sqrt(6 / 33)];
    const sizes = [30 * 64 + 64, 64 * 32 + 32, 32 + 1];
    let off = 0;
    sizes.forEach((size, l) => {
      const w = net.params.subarray(off, off + size);
      off += size;
      const maxAbs = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs).toBeLessThanOrEqual(bounds[l]);
      if (size > 100) expect(maxAbs).toBeGreaterThan(0.9 * bounds[l]);
    });
  });

  it('stops by the no-improvement rule before max_iter, and stops at max_iter otherwise', () => {
    const fx = plainFixture('wdbc');
    const m = createClassifier('mlp', { hidden_layer_sizes: [16] }, 0).fit(fx.xTrain, fx.yTrain) as MlpClassifier;
    expect(m.epochs).toBeLessThan(500);
    // scikit-learn's rule, replayed on the loss curve: it must fire first at the last epoch.
    let best = Infinity;
    let stale = 0;
    let firesAt = -1;
    m.lossCurve.forEach((loss, epoch) => {
      stale = loss > best - 1e-4 ? stale + 1 : 0;
      best = Math.min(best, loss);
      if (stale > 10 && firesAt < 0) firesAt = epoch;
    });
    expect(firesAt).toBe(m.epochs - 1);
    expect(m.lossCurve.length).toBe(m.epochs);
    const capped = createClassifier('mlp', { hidden_layer_sizes: [16], max_iter: 7 }, 0).fit(fx.xTrain, fx.yTrain) as MlpClassifier;
    expect(capped.epochs).toBe(7);
  });

  it('same seed, identical output; another seed, other output', () => {
    const rng = new Rng(9);
    const x = matrix(80, 5, Float64Array.from({ length: 400 }, () => rng.normal()));
    const y = Uint8Array.from({ length: 80 }, (_, i) => (x.data[i * 5] + x.data[i * 5 + 1] > 0 ? 1 : 0));
    const fit = (seed: number) => createClassifier('mlp', { hidden_layer_sizes: [64, 32], max_iter: 30 }, seed).fit(x, y).predictProba(x);
    expect(Array.from(fit(3))).toEqual(Array.from(fit(3)));
    expect(maxAbsDiff(fit(3), fit(4))).toBeGreaterThan(1e-6);
  });

  it('a JSON round trip predicts the same', () => {
    const fx = plainFixture('crlm');
    const m = createClassifier('mlp', { hidden_layer_sizes: [64, 32], max_iter: 20 }, 2).fit(fx.xTrain, fx.yTrain);
    const back = restoreClassifier(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predictProba(fx.xTest))).toEqual(Array.from(m.predictProba(fx.xTest)));
  });

  // Same numpy RandomState(42) draws as scikit-learn, so the fitted network is scikit-learn's
  // up to floating-point summation order.
  for (const dataset of ['wdbc', 'crlm'] as const) {
    it(`probabilities equal scikit-learn 1.2 (random_state=42) on ${dataset} to 1e-6`, () => {
      const fx = plainFixture(dataset);
      const ref = sklearnProbabilities(fx, 'mlp');
      expect(maxAbsDiff(fitPredict(fx, 'mlp', ref.params), ref.p)).toBeLessThan(1e-6);
    });
  }
});
