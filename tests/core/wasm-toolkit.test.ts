import { afterEach, describe, expect, it } from 'vitest';
import {
  LocalScope, addTo, assembleModule, compileKernel, dumpModule, instantiateKernel, kernelChoice, namedFunction, readSleb, readUleb, sleb, uleb, validateKernel, wasmOp as op,
} from '@radsweep/core';
import { MLP_MODULE, createMlpKernels } from '../../libs/classifiers/src/neural/mlp-kernels';
import { DUAL_PASS_MODULE } from '../../libs/classifiers/src/svm/wasm-dual-pass';
import { createDualPassKernel } from '../../libs/classifiers/src/svm/dual-pass-kernel';
import { gramSweepModule } from '../../libs/pipeline/src/steps/lasso/gram-sweep-kernel';
import { GramSpace } from '../../libs/pipeline/src/steps/lasso/gram-space';

describe('LEB128', () => {
  it('encodes the specification and Wikipedia worked values', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('reads back what it writes', () => {
    for (const n of [0, 1, 127, 128, 255, 16383, 16384, 65535, 1 << 20, 2 ** 31 - 1, 2 ** 32 - 1]) {
      expect(readUleb(Uint8Array.from(uleb(n)), 0)).toEqual([n, uleb(n).length]);
    }
    for (const n of [0, 1, -1, 63, 64, -64, -65, 8191, -8192, 2 ** 31 - 1, -(2 ** 31)]) {
      expect(readSleb(Uint8Array.from(sleb(n)), 0)).toEqual([n, sleb(n).length]);
    }
  });

  it('refuses what it cannot encode', () => {
    expect(() => uleb(-1)).toThrow(/unsigned/);
    expect(() => uleb(2 ** 32)).toThrow(/unsigned/);
    expect(() => sleb(2 ** 31)).toThrow(/signed/);
    expect(() => uleb(1.5)).toThrow(/unsigned/);
  });
});

describe('module builder', () => {
  it('reaches locals from index 128 up (indices are LEB128, not one byte)', () => {
    const params: [string, 'f64'][] = [['x', 'f64']];
    const scope = new LocalScope(params);
    const many = Array.from({ length: 200 }, (_, i) => scope.add(`t${i}`, 'f64'));
    const f = {
      name: 'far',
      params,
      locals: scope.locals,
      results: ['f64' as const],
      // t150 = x * 2; t199 = t150 + 1; return t199 - t3 (t3 is 0)
      body: [
        ...op.get(0), ...op.f64(2), ...op.f64Mul, ...op.set(many[150]),
        ...op.get(many[150]), ...op.f64(1), ...op.f64Add, ...op.set(many[199]),
        ...op.get(many[199]), ...op.get(many[3]), ...op.f64Sub,
      ],
    };
    expect(many[150]).toBe(151);
    const bytes = assembleModule([f]);
    expect(validateKernel(bytes)).toBe(true);
    const far = instantiateKernel<{ far: (x: number) => number }>(compileKernel(bytes, 'test'), 1).far;
    expect(far(20.5)).toBe(42);
  });

  it('runs a function written with named locals, and refuses an unknown name', () => {
    const sum = namedFunction({
      name: 'sumTo',
      params: [['n', 'i32']],
      locals: [['i', 'i32'], ['acc', 'i32']],
      result: 'i32',
      body: (L) => [
        ...op.block(
          [...op.get(L.n), ...op.i32Eqz, ...op.brIf(0)],
          op.loop(addTo(L.i, 1), addTo(L.acc, op.get(L.i)), [...op.get(L.i), ...op.get(L.n), ...op.i32LtS, ...op.brIf(0)]),
        ),
        ...op.get(L.acc),
      ],
    });
    const bytes = assembleModule([sum]);
    const { sumTo } = instantiateKernel<{ sumTo: (n: number) => number }>(compileKernel(bytes, 'test'), 1);
    expect([0, 1, 10, 1000].map(sumTo)).toEqual([0, 1, 55, 500500]);
    expect(() => namedFunction({ name: 'bad', params: [], locals: [], body: (L) => op.get(L.missing) })).toThrow(/bad: no local named missing/);
  });

  it('dumps a module as text, with its names', () => {
    const f = namedFunction({
      name: 'scale',
      params: [['a', 'i32'], ['k', 'f64']],
      locals: [['v', 'v128']],
      body: (L) => [...op.get(L.k), ...op.f64x2Splat, ...op.set(L.v), ...op.get(L.a), ...op.get(L.a), ...op.v128Load(16), ...op.get(L.v), ...op.f64x2Mul, ...op.v128Store(16)],
    });
    expect(dumpModule(assembleModule([f]))).toBe(
      [
        '(module',
        '  (memory (export "mem") 1)',
        '  (func $scale (export "scale") (param $a i32) (param $k f64)',
        '    (local $v v128)',
        '    local.get $k',
        '    f64x2.splat',
        '    local.set $v',
        '    local.get $a',
        '    local.get $a',
        '    v128.load offset=16 align=8',
        '    local.get $v',
        '    f64x2.mul',
        '    v128.store offset=16 align=8',
        '  )',
        ')',
        '',
      ].join('\n'),
    );
  });
});

describe("the project's kernel modules", () => {
  const modules = [
    ['MLP kernels', MLP_MODULE, ['compact', 'sparseRow', 'densePair', 'rowSums', 'relu', 'reluDerivative', 'decayedGradient', 'adam', 'adamSquares', 'transpose', 'decayedGradientT', 'gather']],
    ['linear SVM dual pass', DUAL_PASS_MODULE, ['dualPass']],
    ['LASSO Gram sweep (p = 93)', gramSweepModule(93), ['sweep', 'addRow', 'descend']],
  ] as const;

  it.each(modules)('%s: validates and compiles here (a failure fails, never skips)', (name, bytes) => {
    expect(validateKernel(bytes)).toBe(true);
    expect(() => compileKernel(bytes, name)).not.toThrow();
  });

  it.each(modules)('%s: reads back as text with every function and named locals', (_, bytes, functions) => {
    const text = dumpModule(bytes);
    for (const f of functions) expect(text).toContain(`(func $${f} (export "${f}")`);
    expect(text).not.toMatch(/local\.(get|set|tee) \$\d/);
  });

  it('reports a module the engine rejects instead of switching to JavaScript', () => {
    const corrupt = assembleModule([{ name: 'f', params: [], locals: [], results: ['i32'], body: [] }]);
    expect(() => compileKernel(corrupt, 'corrupt kernel')).toThrow(/corrupt kernel: the WebAssembly module does not compile here .*RADSWEEP_KERNELS=js/);
  });
});

describe('kernel choice', () => {
  const saved = process.env.RADSWEEP_KERNELS;
  afterEach(() => {
    if (saved === undefined) delete process.env.RADSWEEP_KERNELS;
    else process.env.RADSWEEP_KERNELS = saved;
  });

  it('is WebAssembly unless RADSWEEP_KERNELS=js says otherwise', () => {
    expect(kernelChoice({})).toBe('wasm');
    expect(kernelChoice({ RADSWEEP_KERNELS: 'wasm' })).toBe('wasm');
    expect(kernelChoice({ RADSWEEP_KERNELS: 'js' })).toBe('js');
    expect(() => kernelChoice({ RADSWEEP_KERNELS: 'fast' })).toThrow(/RADSWEEP_KERNELS=fast/);
  });

  it("is followed by every kernel's 'auto'", () => {
    delete process.env.RADSWEEP_KERNELS;
    expect([createMlpKernels('auto', [4], 2, 2).kind, createDualPassKernel('auto', 2, 2, 0.5, 1).kind, new GramSpace(3).kernel]).toEqual(['wasm', 'wasm', 'wasm']);
    process.env.RADSWEEP_KERNELS = 'js';
    expect([createMlpKernels('auto', [4], 2, 2).kind, createDualPassKernel('auto', 2, 2, 0.5, 1).kind, new GramSpace(3).kernel]).toEqual(['js', 'js', 'js']);
  });
});
