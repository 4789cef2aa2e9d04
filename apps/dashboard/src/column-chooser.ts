/// <reference lib="dom" />
import { h } from './dom.js';

/**
 * Optional columns of a table (by header text) hidden until chosen, so the key columns fit at 1280 px without
 * horizontal scrolling; the choice is kept per table in localStorage. Cells stay in the DOM (hidden), so a
 * column's index never changes. Each cell also gets its header as `data-label`, for the card layout of narrow
 * screens (styles.css `.cards`).
 */
export function withColumnChooser(wrap: HTMLElement, storageKey: string, optional: string[]): HTMLElement {
  const tableEl = wrap.querySelector('table')!;
  const heads = [...tableEl.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
  for (const tr of tableEl.querySelectorAll('tbody tr')) [...(tr as HTMLTableRowElement).cells].forEach((td, i) => td.setAttribute('data-label', heads[i] ?? ''));
  wrap.classList.add('cards');
  const saved = readChoice(storageKey);
  const shown = new Set(optional.filter((c) => saved.includes(c)));
  const apply = () => {
    heads.forEach((name, i) => {
      const hide = optional.includes(name) && !shown.has(name);
      tableEl.querySelectorAll(`tr > :nth-child(${i + 1})`).forEach((cell) => ((cell as HTMLElement).hidden = hide));
    });
  };
  apply();
  const boxes = optional.map((name) =>
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        checked: shown.has(name),
        'data-column': name,
        onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) shown.add(name);
          else shown.delete(name);
          try {
            localStorage.setItem(storageKey, JSON.stringify([...shown]));
          } catch {
            // private mode: the choice lasts for this page only
          }
          apply();
        },
      }),
      ` ${name}`,
    ),
  );
  return h('div', {}, h('details', { class: 'column-chooser' }, h('summary', {}, `More columns (${optional.length})`), h('div', { class: 'controls' }, boxes)), wrap);
}

function readChoice(key: string): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
