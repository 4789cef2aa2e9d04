/// <reference lib="dom" />
import type { FinalModelMark, LockedModelSummary } from '@radsweep/api-contract';
import { getAll } from './api.js';
import { h, replace } from './dom.js';

/**
 * The locked versions of marked final models, for the run page's marks: each mark's versions are read once per page
 * (GET /results/:id/locked-models, or /survival/results/:id/locked-models for a survival model) and shown after it as a
 * link to the model record (whose External validation part validates it) with the version's name and sha256 prefix,
 * and a link to the sealed file; 'not locked yet' when it has none.
 */
export function lockedVersionsOfMarks(): { of(mark: FinalModelMark): HTMLElement } {
  const read = new Map<string, Promise<LockedModelSummary[]>>();
  return {
    of(mark: FinalModelMark): HTMLElement {
      const box = h('span', { class: 'locked-versions', 'data-locked-for': mark.modelId });
      const path = `${mark.survival ? '/survival' : ''}/results/${encodeURIComponent(mark.modelId)}/locked-models`;
      if (!read.has(mark.modelId)) read.set(mark.modelId, getAll<LockedModelSummary>(path));
      read
        .get(mark.modelId)!
        .then((locked) => replace(box, locked.length ? lockedLinks(mark, locked) : h('span', { class: 'muted' }, '· not locked yet ')))
        .catch(() => replace(box)); // a reader who may not see them: the mark alone
      return box;
    },
  };
}

/** `· locked: <name>, sha256 <12 hex>… (file)` per version, newest last as the API lists them. */
function lockedLinks(mark: FinalModelMark, locked: LockedModelSummary[]): (HTMLElement | string)[] {
  const record = `#/${mark.survival ? 'survival-model' : 'model'}/${mark.modelId}`;
  return [
    '· locked: ',
    ...locked.flatMap((l, i) => [
      i ? '; ' : '',
      h('a', { href: record, 'data-locked-link': l.id, title: `locked ${l.createdAt.slice(0, 10)}; its external validations are on the model record` }, `${l.name}, sha256 ${l.sha256.slice(0, 12)}…`),
      ' (',
      h('a', { href: `/api/locked-models/${l.id}/file`, 'data-locked-file': l.id }, `${l.name} file, JSON`),
      ') ',
    ]),
  ];
}
