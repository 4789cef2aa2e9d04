import { describe, expect, it } from 'vitest';
import { inline, MdNode, parseMarkdown, safeHref } from '../../apps/dashboard/src/markdown';

const ALLOWED = new Set(['h3', 'h4', 'h5', 'p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'strong', 'em', 'a']);

/** Every element of a tree: tag, attributes other than children. */
function elements(nodes: MdNode[]): { tag: string; attrs: string[] }[] {
  return nodes.flatMap((n) => (typeof n === 'string' ? [] : [{ tag: n.tag, attrs: Object.keys(n).filter((k) => k !== 'tag' && k !== 'children') }, ...elements(n.children)]));
}
function text(nodes: MdNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : text(n.children))).join('');
}

describe('run notes Markdown renderer', () => {
  it('renders headings, lists, quotes, code, emphasis and links as a tree of allowed elements', () => {
    const tree = parseMarkdown('# Plan\nFirst **bold** and *it* and `x<1`.\n\n- one\n- [two](https://example.org/a?b=1)\n\n1. a\n2. b\n\n> quoted\n\n```\n<b>raw</b>\n```');
    expect(tree).toEqual([
      { tag: 'h3', children: ['Plan'] },
      { tag: 'p', children: ['First ', { tag: 'strong', children: ['bold'] }, ' and ', { tag: 'em', children: ['it'] }, ' and ', { tag: 'code', children: ['x<1'] }, '.'] },
      { tag: 'ul', children: [{ tag: 'li', children: ['one'] }, { tag: 'li', children: [{ tag: 'a', href: 'https://example.org/a?b=1', children: ['two'] }] }] },
      { tag: 'ol', children: [{ tag: 'li', children: ['a'] }, { tag: 'li', children: ['b'] }] },
      { tag: 'blockquote', children: [{ tag: 'p', children: ['quoted'] }] },
      { tag: 'pre', children: [{ tag: 'code', children: ['<b>raw</b>'] }] },
    ]);
  });

  it('keeps <script>, on* attributes and raw HTML as text: no element but the allowed ones, no attribute but a safe href', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
      '**<svg onload=alert(1)>**',
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click]( javascript:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '[vb](vbscript:msgbox)',
      '# <iframe src=//evil>',
    ].join('\n\n');
    const tree = parseMarkdown(hostile);
    for (const el of elements(tree)) {
      expect(ALLOWED.has(el.tag), el.tag).toBe(true);
      expect(el.attrs.every((a) => a === 'href'), el.attrs.join()).toBe(true);
    }
    expect(elements(tree).filter((e) => e.tag === 'a')).toEqual([]); // none of those links is kept
    const shown = text(tree);
    expect(shown).toContain('<script>alert(1)</script>');
    expect(shown).toContain('<img src=x onerror="alert(1)">');
    expect(shown).toContain('[click](javascript:alert(1))');
  });

  it('leaves underscores inside words alone (feature names, window.__x)', () => {
    expect(inline('wavelet_LLH_glcm and _this_ and a.__b = 1; c.__d')).toEqual(['wavelet_LLH_glcm and ', { tag: 'em', children: ['this'] }, ' and a.__b = 1; c.__d']);
  });

  it('keeps only http(s), mailto and dashboard links', () => {
    expect(safeHref('https://x.org')).toBe('https://x.org');
    expect(safeHref('mailto:a@b.org')).toBe('mailto:a@b.org');
    expect(safeHref('#/leaderboard?runId=1')).toBe('#/leaderboard?runId=1');
    for (const bad of ['javascript:alert(1)', 'java\tscript:x', 'data:text/html,x', '//evil.org', 'http://x.org/"onmouseover=1', 'file:///etc/passwd', '']) expect(safeHref(bad), bad).toBeNull();
    expect(inline('[a](http://x.org "title")')).toEqual(['[a](http://x.org "title")']);
  });
});
