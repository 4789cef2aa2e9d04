/**
 * `std::nth_element` exactly as GCC's libstdc++ (12, Debian bookworm's, which scikit-learn 1.2's KD-tree is
 * built with) arranges the elements: introselect with median-of-three pivots, heap-select past the depth
 * limit, insertion sort for the last <= 3 elements. Not only the nth element but the order of every other
 * element is libstdc++'s, because the KD-tree's leaves keep that order and its neighbour search visits a
 * leaf's points in it (which decides between points at equal distance).
 * Reference: libstdc++-v3/include/bits/stl_algo.h (__introselect, __unguarded_partition_pivot,
 * __move_median_to_first, __heap_select, __insertion_sort) and stl_heap.h (__make_heap, __adjust_heap, __pop_heap).
 *
 * `a[first, last)` is rearranged in place; `less(x, y)` must be a strict weak order.
 */
export function nthElement(a: Int32Array, first: number, nth: number, last: number, less: (x: number, y: number) => boolean): void {
  if (first === last || nth === last) return;
  introselect(a, first, nth, last, 2 * Math.floor(Math.log2(last - first)), less);
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function introselect(a: Int32Array, first: number, nth: number, last: number, depthLimit: number, less: (x: number, y: number) => boolean): void {
  while (last - first > 3) {
    if (depthLimit === 0) {
      heapSelect(a, first, nth + 1, last, less);
      swap(a, first, nth);
      return;
    }
    depthLimit--;
    const cut = unguardedPartitionPivot(a, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(a, first, last, less);
}

function unguardedPartitionPivot(a: Int32Array, first: number, last: number, less: (x: number, y: number) => boolean): number {
  const mid = first + Math.floor((last - first) / 2);
  moveMedianToFirst(a, first, first + 1, mid, last - 1, less);
  return unguardedPartition(a, first + 1, last, first, less);
}

function moveMedianToFirst(a: Int32Array, result: number, x: number, y: number, z: number, less: (x: number, y: number) => boolean): void {
  if (less(a[x], a[y])) {
    if (less(a[y], a[z])) swap(a, result, y);
    else if (less(a[x], a[z])) swap(a, result, z);
    else swap(a, result, x);
  } else if (less(a[x], a[z])) swap(a, result, x);
  else if (less(a[y], a[z])) swap(a, result, z);
  else swap(a, result, y);
}

function unguardedPartition(a: Int32Array, first: number, last: number, pivot: number, less: (x: number, y: number) => boolean): number {
  for (;;) {
    while (less(a[first], a[pivot])) first++;
    last--;
    while (less(a[pivot], a[last])) last--;
    if (!(first < last)) return first;
    swap(a, first, last);
    first++;
  }
}

function insertionSort(a: Int32Array, first: number, last: number, less: (x: number, y: number) => boolean): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    const v = a[i];
    if (less(v, a[first])) {
      a.copyWithin(first + 1, first, i);
      a[first] = v;
    } else {
      let j = i;
      while (less(v, a[j - 1])) {
        a[j] = a[j - 1];
        j--;
      }
      a[j] = v;
    }
  }
}

function heapSelect(a: Int32Array, first: number, middle: number, last: number, less: (x: number, y: number) => boolean): void {
  makeHeap(a, first, middle, less);
  for (let i = middle; i < last; i++) {
    if (less(a[i], a[first])) {
      // __pop_heap(first, middle, i)
      const v = a[i];
      a[i] = a[first];
      adjustHeap(a, first, 0, middle - first, v, less);
    }
  }
}

function makeHeap(a: Int32Array, first: number, last: number, less: (x: number, y: number) => boolean): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    adjustHeap(a, first, parent, len, a[first + parent], less);
    if (parent === 0) return;
  }
}

function adjustHeap(a: Int32Array, first: number, holeIndex: number, len: number, value: number, less: (x: number, y: number) => boolean): void {
  const topIndex = holeIndex;
  let secondChild = holeIndex;
  while (secondChild < Math.floor((len - 1) / 2)) {
    secondChild = 2 * (secondChild + 1);
    if (less(a[first + secondChild], a[first + secondChild - 1])) secondChild--;
    a[first + holeIndex] = a[first + secondChild];
    holeIndex = secondChild;
  }
  if ((len & 1) === 0 && secondChild === Math.floor((len - 2) / 2)) {
    secondChild = 2 * (secondChild + 1);
    a[first + holeIndex] = a[first + secondChild - 1];
    holeIndex = secondChild - 1;
  }
  // __push_heap
  let parent = Math.floor((holeIndex - 1) / 2);
  while (holeIndex > topIndex && less(a[first + parent], value)) {
    a[first + holeIndex] = a[first + parent];
    holeIndex = parent;
    parent = Math.floor((holeIndex - 1) / 2);
  }
  a[first + holeIndex] = value;
}
