/**
 * A shell-style name pattern as a RegExp matching the whole name: `*` any run of
 * characters, `?` one character, `[abc]`, `[a-z]` and `[!abc]` / `[^abc]` one
 * character of (or not of) a set. A `[` without a closing `]` is literal.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** True if the text uses any glob syntax (so it is a pattern, not a plain name). */
export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}
