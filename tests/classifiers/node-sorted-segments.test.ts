import { describe, expect, it } from 'vitest';
import { sortPairs } from '../../libs/classifiers/src/trees/sort-pairs';
import { NodeRowSorter } from '../../libs/classifiers/src/trees/node-row-sorter';

/**
 * A segmented `NodeRowSorter` (every node's rows kept sorted per feature, `NodeSortedSegments`) copies a node's
 * sorted rows where the node has no ties in the feature, at any node size, and takes the introsort's tie-free parts
 * from them; the rows must still come out exactly in `sortPairs`'s order (scikit-learn's introsort from the node's
 * current order), ties included, through a whole tree of splits, with and without rows left out of the bag.
 * A tie-free node's sort may leave its rows in the feature's segment (`sortedRows` / `sortedBase`, samples and xf not
 * written; a segmented caller reads values by row) until `flush`, which the split's partition calls: the order it then
 * leaves in samples is compared too.
 */
describe('node sorted segments: the same rows as the plain sort, node by node', () => {
  function lcg(seed: number): () => number {
    let state = seed;
    return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  }

  /** n x p float32 columns: no ties, a few tied pairs, many ties, ties only in a tail, constant. */
  function columns(n: number, next: () => number): { xCol: Float32Array; p: number } {
    const p = 5;
    const xCol = new Float32Array(n * p);
    for (let i = 0; i < n; i++) {
      xCol[i] = i * 0.37 - next();
      xCol[n + i] = i % 41 === 5 ? 1.5 : next() * 10;
      xCol[2 * n + i] = Math.floor(next() * 12);
      const v = next() * 4 - 2;
      xCol[3 * n + i] = v > 1.6 ? Math.round(v * 10) / 10 : v;
      xCol[4 * n + i] = i === 3 ? -0 : 0; // -0 and 0 tie
    }
    return { xCol, p };
  }

  /** Grows a tree depth first, sorting every feature at every node with both sorters and comparing. */
  function growAndCompare(n: number, inBagShare: number, seed: number): { nodes: number; smallNodes: number; leftInSegment: number } {
    const next = lcg(seed);
    const { xCol, p } = columns(n, next);
    const segmented = new NodeRowSorter(xCol, n, p, true, true);
    const inBag = inBagShare < 1 ? Uint8Array.from({ length: n }, () => (next() < inBagShare ? 1 : 0)) : null;
    segmented.startTree(inBag);
    const samples = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) if (inBag === null || inBag[i]) samples[m++] = i;
    const xf = new Float64Array(n);
    // the plain sort's row order (samples may lag behind it until flush)
    const order = samples.slice();
    let nodes = 0;
    let smallNodes = 0;
    let leftInSegment = 0;
    const stack: [number, number, number][] = [[0, m, 0]];
    while (stack.length > 0) {
      const [start, end, depth] = stack.pop()!;
      nodes++;
      if ((end - start) * 8 < n) smallNodes++;
      segmented.startNode(samples, start, end);
      let last = 0;
      for (let visit = 0; visit <= 2 * p; visit++) {
        // the last visit (the split's feature) is one of the varying features 0-3
        const f = Math.floor(next() * (visit < 2 * p ? p : p - 1));
        const values = Float64Array.from(order, (r) => xCol[f * n + r]);
        sortPairs(values, order, start, end);
        segmented.sort(f, samples, xf, start, end);
        const { sortedRows, sortedBase } = segmented;
        if (sortedRows !== samples) leftInSegment++;
        const rows = Array.from(sortedRows.subarray(sortedBase + start, sortedBase + end));
        const where = `${end - start} rows at depth ${depth}, feature ${f}`;
        expect(rows, where).toEqual(Array.from(order.subarray(start, end)));
        const bits = (v: number) => (Object.is(v, -0) ? '-0' : v);
        expect(rows.map((r) => bits(xCol[f * n + r])), where).toEqual(Array.from(values.subarray(start, end), bits));
        last = f;
      }
      if (end - start < 4 || depth >= 6) continue;
      segmented.flush(samples);
      expect(Array.from(samples.subarray(start, end)), 'flushed order').toEqual(Array.from(order.subarray(start, end)));
      // split at a value of the last sorted feature (scikit-learn's in-place partition of the current order)
      const threshold = xCol[last * n + samples[start + Math.floor(next() * (end - start - 1))]];
      let q = start;
      let partitionEnd = end;
      while (q < partitionEnd) {
        if (xCol[last * n + samples[q]] <= threshold) q++;
        else {
          partitionEnd--;
          [samples[q], samples[partitionEnd]] = [samples[partitionEnd], samples[q]];
        }
      }
      order.set(samples.subarray(start, end), start);
      if (q === start || q === end) continue;
      segmented.splitNode(samples, start, q, end);
      stack.push([q, end, depth + 1], [start, q, depth + 1]);
    }
    return { nodes, smallNodes, leftInSegment };
  }

  it('matches sortPairs at every node of a tree on all rows, small nodes included', () => {
    const { nodes, smallNodes, leftInSegment } = growAndCompare(400, 1, 3);
    expect(nodes).toBeGreaterThan(20);
    expect(smallNodes).toBeGreaterThan(5);
    expect(leftInSegment).toBeGreaterThan(20);
  });

  it('matches sortPairs at every node of a tree on a bag of the rows', () => {
    const { nodes } = growAndCompare(300, 0.6, 9);
    expect(nodes).toBeGreaterThan(10);
  });

  it('keeps a whole-data node in sortPairs order when memo answers follow tie-free sorts left in the segment', () => {
    const n = 300;
    const { xCol, p } = columns(n, lcg(5));
    const xf = new Float64Array(n);
    // second pass: the sorts of tied features 1 and 3 come from the whole-data memo
    for (let pass = 0; pass < 2; pass++) {
      const sorter = new NodeRowSorter(xCol, n, p, true, true);
      sorter.startTree(null);
      const samples = Int32Array.from({ length: n }, (_, i) => i);
      const order = samples.slice();
      sorter.startNode(samples, 0, n);
      for (const f of [0, 1, 3, 0, 1]) {
        const values = Float64Array.from(order, (r) => xCol[f * n + r]);
        sortPairs(values, order, 0, n);
        sorter.sort(f, samples, xf, 0, n);
        const { sortedRows, sortedBase } = sorter;
        expect(Array.from(sortedRows.subarray(sortedBase, sortedBase + n)), `pass ${pass}, feature ${f}`).toEqual(Array.from(order));
      }
      sorter.flush(samples);
      expect(Array.from(samples), `pass ${pass}, flushed`).toEqual(Array.from(order));
    }
  });

  it('matches sortPairs on a larger tree (2,000 rows, as the cohort folds)', () => {
    growAndCompare(2000, 1, 17);
  });
});
