/// <reference lib="dom" />
/**
 * A small Markdown renderer for run notes that cannot produce HTML: the text is
 * parsed into a tree of a few allowed elements whose only attribute is a link's
 * href, and that tree is built with createElement/textContent (markdownElement), never
 * innerHTML. Raw HTML (<script>, <img onerror=…>) stays visible text; a link whose
 * target is not http(s), mailto or a dashboard route (#/…) is shown as its text.
 * Supported: # headings, paragraphs, - / * / 1. lists, > quotes, ``` code blocks,
 * `code`, **bold**, *italic* / _italic_ (not inside a word: snake_case_names stay), [text](url).
 */

export type MdTag = 'h3' | 'h4' | 'h5' | 'p' | 'ul' | 'ol' | 'li' | 'blockquote' | 'pre' | 'code' | 'strong' | 'em' | 'a';
export type MdNode = string | { tag: MdTag; href?: string; children: MdNode[] };

/** The link targets kept: web and mail addresses and the dashboard's own routes. */
const SAFE_HREF = /^(https?:\/\/|mailto:|#\/)/i;

export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s"'<>`]/.test(trimmed)) return null; // no whitespace or quotes that could hide a scheme
  return SAFE_HREF.test(trimmed) ? trimmed : null;
}

/** Inline Markdown of one block's text. */
export function inline(text: string): MdNode[] {
  const out: MdNode[] = [];
  const pattern = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*]+)\*|(?<![A-Za-z0-9_])_([^_]+)_(?![A-Za-z0-9_])|\[([^\]]+)\]\(([^)\s]*)\)/;
  let rest = text;
  while (rest.length) {
    const m = pattern.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    if (m[1] !== undefined) out.push({ tag: 'code', children: [m[1]] });
    else if (m[2] !== undefined) out.push({ tag: 'strong', children: inline(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) out.push({ tag: 'em', children: inline(m[3] ?? m[4]) });
    else {
      const href = safeHref(m[6]);
      out.push(href ? { tag: 'a', href, children: inline(m[5]) } : m[0]);
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** The block structure of a Markdown text. */
export function parseMarkdown(text: string): MdNode[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) {
      i++;
      continue;
    }
    if (/^```/.test(line)) {
      const code: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      i++; // the closing fence (or the end)
      blocks.push({ tag: 'pre', children: [{ tag: 'code', children: [code.join('\n')] }] });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // notes sit under the page's h1/h2: their headings start at h3
      const tag = (['h3', 'h4', 'h5'] as const)[Math.min(heading[1].length, 3) - 1];
      blocks.push({ tag, children: inline(heading[2]) });
      i++;
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && /^>\s?/.test(lines[i]); i++) quoted.push(lines[i].replace(/^>\s?/, ''));
      blocks.push({ tag: 'blockquote', children: parseMarkdown(quoted.join('\n')) });
      continue;
    }
    const item = /^\s*([-*]|\d+[.)])\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: MdNode[] = [];
      for (; i < lines.length && item.test(lines[i]); i++) items.push({ tag: 'li', children: inline(lines[i].replace(item, '')) });
      blocks.push({ tag: ordered ? 'ol' : 'ul', children: items });
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && !/^\s*$/.test(lines[i]) && !/^(```|#{1,6}\s|>)/.test(lines[i]) && !item.test(lines[i]); i++) para.push(lines[i].trim());
    blocks.push({ tag: 'p', children: inline(para.join(' ')) });
  }
  return blocks;
}

/** The notes as DOM nodes (text through text nodes only; links open in a new tab without an opener). */
export function markdownElement(text: string): HTMLElement {
  const build = (node: MdNode): Node => {
    if (typeof node === 'string') return document.createTextNode(node);
    const el = document.createElement(node.tag);
    if (node.tag === 'a' && node.href) {
      el.setAttribute('href', node.href);
      if (!node.href.startsWith('#/')) {
        el.setAttribute('rel', 'noopener noreferrer');
        el.setAttribute('target', '_blank');
      }
    }
    for (const child of node.children) el.append(build(child));
    return el;
  };
  const root = document.createElement('div');
  root.className = 'notes';
  for (const block of parseMarkdown(text)) root.append(build(block));
  return root;
}
