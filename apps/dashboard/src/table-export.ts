/// <reference lib="dom" />
import { toCsv } from './csv.js';
import { h } from './dom.js';
import { download, fileSafe } from './figures/export-files.js';
import type { NumbersTable } from './figures/figure-spec.js';

/**
 * A "CSV" button for a table of a page: the table's numbers at full precision (not the rounded text shown),
 * downloaded as `<file>.csv`; `id` is the button's.
 */
export function tableCsvButton(id: string, file: string, numbers: () => NumbersTable): HTMLElement {
  return h(
    'div',
    { class: 'figure-tools' },
    h('button', { type: 'button', class: 'secondary small', id, onclick: () => {
      const t = numbers();
      download(`${fileSafe(file)}.csv`, toCsv(t.header, t.rows), 'text/csv');
    } }, 'Table as CSV'),
  );
}
