/// <reference lib="dom" />
import { h } from './dom.js';

/**
 * A secret shown once (a new API token, a one-time login link): read-only text, selected on focus, with a copy
 * button that says whether the copy worked (the clipboard needs a secure context; otherwise select and copy).
 */
export function copyBox(id: string, label: string, secret: string, note: string): HTMLElement {
  const field = h('input', { type: 'text', id, value: secret, readonly: true, size: Math.min(80, secret.length + 2), onfocus: () => field.select() });
  const said = h('span', { role: 'status', id: `${id}-copied`, class: 'muted' });
  const copy = h(
    'button',
    {
      type: 'button',
      id: `${id}-copy`,
      class: 'secondary',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(secret);
          said.textContent = 'Copied.';
        } catch {
          field.focus();
          field.select();
          said.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
        }
      },
    },
    'Copy',
  );
  return h('div', { class: 'secret', id: `${id}-box` }, h('label', { for: id }, label), h('div', { class: 'controls' }, field, copy, said), h('p', { class: 'warning' }, note));
}
