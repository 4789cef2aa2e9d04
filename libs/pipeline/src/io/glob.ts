/**
 * Shell-style name patterns matching the whole name: `*` any run of characters,
 * `?` one character, `[abc]`, `[a-z]` and `[!abc]` / `[^abc]` one character of
 * (or not of) a set. A `[` without a closing `]` is literal.
 *
 * A pattern is compiled to a list of tokens and matched by simulating its
 * automaton: one pass over the name, carrying the set of pattern positions
 * reached, so a match costs at most (name length + 1) x (tokens + 1) steps
 * whatever the pattern. (A backtracking RegExp took exponential time on
 * `*a*a*a...b` against a long column name, freezing the server.)
 */
type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; code: number }
  | { kind: 'set'; negate: boolean; ranges: [number, number][] };

export interface GlobMatcher {
  readonly pattern: string;
  /** True if the whole of `name` matches the pattern. */
  test(name: string): boolean;
  /** Steps taken by the last test() (positions visited), for tests that bound work instead of timing it. */
  readonly lastSteps: number;
}

export function compileGlob(pattern: string): GlobMatcher {
  const tokens = tokenize(pattern);
  const m = tokens.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  let lastSteps = 0;
  /** Marks state k and, through stars (which may match nothing), the states after it. */
  const reach = (states: Uint8Array, k: number) => {
    states[k] = 1;
    while (k < m && tokens[k].kind === 'star') states[++k] = 1;
  };
  return {
    pattern,
    get lastSteps() {
      return lastSteps;
    },
    test(name: string): boolean {
      let steps = 0;
      current.fill(0);
      reach(current, 0);
      for (let i = 0; i < name.length; i++) {
        const code = name.charCodeAt(i);
        next.fill(0);
        let alive = false;
        for (let k = 0; k < m; k++) {
          if (!current[k]) continue;
          steps++;
          const t = tokens[k];
          if (t.kind === 'star') reach(next, k);
          else if (matchesOne(t, code)) reach(next, k + 1);
          else continue;
          alive = true;
        }
        [current, next] = [next, current];
        if (!alive) {
          lastSteps = steps;
          return false;
        }
      }
      lastSteps = steps;
      return current[m] === 1;
    },
  };
}

/** True if the text uses any glob syntax (so it is a pattern, not a plain name). */
export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

function matchesOne(t: Exclude<Token, { kind: 'star' }>, code: number): boolean {
  if (t.kind === 'any') return true;
  if (t.kind === 'char') return t.code === code;
  const inSet = t.ranges.some(([lo, hi]) => code >= lo && code <= hi);
  return inSet !== t.negate;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' }); // '**' = '*'
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[' && pattern.indexOf(']', i + 2) >= 0) {
      const close = pattern.indexOf(']', i + 2); // a ']' right after '[' belongs to the set
      let body = pattern.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      tokens.push({ kind: 'set', negate, ranges: setRanges(body) });
      i = close;
    } else tokens.push({ kind: 'char', code: pattern.charCodeAt(i) });
  }
  return tokens;
}

/** `a-z0_` -> [[a, z], [0, 0], [_, _]]; a '-' first or last is literal; a reversed range matches nothing. */
function setRanges(body: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let j = 0; j < body.length; j++) {
    if (body[j + 1] === '-' && j + 2 < body.length) {
      ranges.push([body.charCodeAt(j), body.charCodeAt(j + 2)]);
      j += 2;
    } else ranges.push([body.charCodeAt(j), body.charCodeAt(j)]);
  }
  return ranges;
}
