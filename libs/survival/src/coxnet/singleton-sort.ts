/**
 * The permutation that sorts `v` ascending, by R. C. Singleton's modified Hoare quicksort
 * (CACM algorithm 347) as glmnet's Fortran `psort7` runs it: quicksort above 11 elements,
 * insertion sort below. It is not stable, and glmnet's Cox risk sets depend on where it puts
 * rows tied in time (see `glmnetRiskGroups`), so glmnet's numbers need this exact order.
 * Returns 0-based row indices.
 */
export function singletonSortOrder(v: Float64Array): Int32Array {
  const n = v.length;
  // 1-based work array as in the algorithm; a[0] unused
  const a = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) a[i] = i;
  const val = (row: number) => v[row - 1];
  const il = new Int32Array(64);
  const iu = new Int32Array(64);
  let m = 1;
  let i = 1;
  let j = n;
  let k = 0;
  let l = 0;
  let t = 0;
  let tt = 0;
  let vt = 0;
  let state: 'split' | 'partition' | 'scanLow' | 'pop' | 'small' = 'split';
  for (;;) {
    switch (state) {
      case 'split': {
        if (i >= j) {
          state = 'pop';
          break;
        }
        state = 'partition';
        break;
      }
      case 'partition': {
        // median of three around the middle element
        k = i;
        const ij = (j + i) >> 1;
        const exchange = (other: number) => {
          a[ij] = a[other];
          a[other] = t;
          t = a[ij];
          vt = val(t);
        };
        t = a[ij];
        vt = val(t);
        if (val(a[i]) > vt) exchange(i);
        l = j;
        if (val(a[j]) < vt) {
          exchange(j);
          if (val(a[i]) > vt) exchange(i);
        }
        state = 'scanLow';
        break;
      }
      case 'scanLow': {
        // exchange loop: move l down past larger values, k up past smaller ones, swap
        for (;;) {
          do l--;
          while (val(a[l]) > vt);
          tt = a[l];
          do k++;
          while (val(a[k]) < vt);
          if (k > l) break;
          a[l] = a[k];
          a[k] = tt;
        }
        if (l - i <= j - k) {
          il[m] = k;
          iu[m] = j;
          j = l;
        } else {
          il[m] = i;
          iu[m] = l;
          i = k;
        }
        m++;
        state = 'small';
        break;
      }
      case 'pop': {
        m--;
        if (m === 0) {
          const out = new Int32Array(n);
          for (let r = 0; r < n; r++) out[r] = a[r + 1] - 1;
          return out;
        }
        i = il[m];
        j = iu[m];
        state = 'small';
        break;
      }
      case 'small': {
        if (j - i > 10) {
          state = 'partition';
          break;
        }
        if (i === 1) {
          state = 'split';
          break;
        }
        // straight insertion; a[i - 1] is a sentinel no larger than the segment
        i--;
        for (;;) {
          i++;
          if (i === j) break;
          t = a[i + 1];
          vt = val(t);
          if (val(a[i]) <= vt) continue;
          k = i;
          do {
            a[k + 1] = a[k];
            k--;
          } while (vt < val(a[k]));
          a[k + 1] = t;
        }
        state = 'pop';
        break;
      }
    }
  }
}
