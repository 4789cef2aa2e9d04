import { describe, expect, it } from 'vitest';
import { DataKeyedCache, releaseThreadCaches, threadCacheEntries } from '@radsweep/core';

describe('DataKeyedCache', () => {
  it('answers only for the same key and bit-identical data of the same type', () => {
    const cache = new DataKeyedCache<string>('test cache: identity', 4);
    const x = Float64Array.of(1, 2, 0);
    cache.put('k', [x, Uint8Array.of(1)], 'v');
    expect(cache.get('k', [Float64Array.of(1, 2, 0), Uint8Array.of(1)])).toBe('v');
    expect(cache.get('other', [Float64Array.of(1, 2, 0), Uint8Array.of(1)])).toBeUndefined();
    expect(cache.get('k', [Float64Array.of(1, 2, -0), Uint8Array.of(1)])).toBeUndefined(); // -0 is not 0 to the bit
    expect(cache.get('k', [Float64Array.of(1, 2, 0), Uint8Array.of(0)])).toBeUndefined();
    expect(cache.get('k', [Float64Array.of(1, 2, 0)])).toBeUndefined();
    expect(cache.get('k', [new BigInt64Array(new Float64Array([1, 2, 0]).buffer), Uint8Array.of(1)])).toBeUndefined();
    expect(cache.hits).toBe(1);
  });

  it('keeps copies: data changed in place after put is a miss, the stored data still hits', () => {
    const cache = new DataKeyedCache<number>('test cache: copies', 4);
    const x = Float64Array.of(1, 2, 3);
    cache.put('k', [x.subarray(1)], 7);
    x[2] = 9;
    expect(cache.get('k', [x.subarray(1)])).toBeUndefined();
    expect(cache.get('k', [Float64Array.of(2, 3)])).toBe(7);
  });

  it('drops the least recently used entry past its capacity and keeps nothing over its size bound', () => {
    const cache = new DataKeyedCache<number>('test cache: bounds', 2, 16);
    const d = (v: number) => [Float64Array.of(v)];
    cache.put('a', d(1), 1);
    cache.put('b', d(2), 2);
    expect(cache.get('a', d(1))).toBe(1); // a is now the most recent
    cache.put('c', d(3), 3); // drops b
    expect(cache.get('b', d(2))).toBeUndefined();
    expect(cache.get('a', d(1))).toBe(1);
    expect(cache.get('c', d(3))).toBe(3);
    cache.put('big', [new Float64Array(3)], 4); // 24 bytes > 16
    expect(cache.get('big', [new Float64Array(3)])).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('computes once per data and is emptied with the thread caches', () => {
    const cache = new DataKeyedCache<number>('test cache: release', 4);
    let calls = 0;
    const compute = () => ++calls;
    expect(cache.getOrCompute('k', [Int32Array.of(5)], compute)).toBe(1);
    expect(cache.getOrCompute('k', [Int32Array.of(5)], compute)).toBe(1);
    expect(calls).toBe(1);
    expect(threadCacheEntries()['test cache: release']).toBe(1);
    releaseThreadCaches();
    expect(cache.size).toBe(0);
    expect(cache.getOrCompute('k', [Int32Array.of(5)], compute)).toBe(2);
  });
});
