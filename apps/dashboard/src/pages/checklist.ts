/// <reference lib="dom" />
import type { ChecklistEvidence, ChecklistItemStatus, RunChecklistsResponse } from '@radsweep/api-contract';
import { getJson } from '../api.js';
import { h, table } from '../dom.js';
import { shortId } from '../format.js';
import type { PageContext } from '../main.js';

const STATUS: Record<ChecklistItemStatus, string> = { filled: 'filled from the run', partial: 'partly filled', person: 'authors report', 'not-applicable': 'not applicable' };

/** The key of an evidence reference in the answer's `links` (as api-contract's evidenceKey: this page loads no runtime code from libs). */
const keyOf = (ref: ChecklistEvidence) => `${ref.target}|${ref.endpoint ?? ''}|${ref.featureSet ?? ''}|${ref.model ?? ''}`;

/**
 * `#/checklist/<run id>`: the run's TRIPOD+AI and CLAIM checklists, each item with what the stored sweep
 * answers and links to the evidence; the items the authors must write are marked. Exports: Markdown and a
 * printable HTML page (the server renders both).
 */
export async function checklistPage(ctx: PageContext): Promise<HTMLElement> {
  const runId = ctx.path[1] ?? '';
  const data = await getJson<RunChecklistsResponse>(`/runs/${encodeURIComponent(runId)}/checklist`);
  const evidence = (refs: ChecklistEvidence[]) =>
    refs.flatMap((ref, i) => {
      const url = data.links[keyOf(ref)];
      return [i ? h('br') : null, url ? h('a', { href: url }, ref.label) : ref.label];
    });
  return h(
    'section',
    { 'aria-labelledby': 'checklist-title' },
    h('h1', { id: 'checklist-title' }, `Reporting checklists of run ${shortId(runId)}`),
    h(
      'p',
      {},
      h('a', { href: `#/leaderboard?runId=${runId}` }, 'Leaderboard'),
      ' · ',
      h('a', { href: `/api/runs/${runId}/checklist.md`, download: `checklists-${shortId(runId)}.md`, id: 'checklist-md' }, 'Markdown'),
      ' · ',
      h('a', { href: `/api/runs/${runId}/checklist.html`, target: '_blank', rel: 'noopener', id: 'checklist-html' }, 'Printable page'),
    ),
    h('p', { class: 'muted' }, 'Items filled from the run cite what the stored sweep shows; the rest (clinical question, population, outcome definition, ethics, open science) are for the authors to write.'),
    data.checklists.map((c) =>
      h(
        'section',
        { 'data-guideline': c.guideline, class: 'checklist' },
        h('h2', {}, c.guideline),
        h('p', { class: 'muted' }, `${c.reference}. ${c.counts.filled} filled from the run, ${c.counts.partial} partly filled, ${c.counts.person} for the authors, ${c.counts['not-applicable']} not applicable.`),
        table(
          `${c.guideline} items`,
          ['Item', 'Topic', 'Status', 'From the run', 'Authors add', 'Evidence'],
          c.items.map((item) => [item.id, h('span', {}, item.topic, item.asks !== item.topic ? h('span', { class: 'asks muted' }, item.asks) : null), h('span', { class: `badge status-${item.status}` }, STATUS[item.status]), item.answer, item.needs ?? '', h('span', {}, evidence(item.evidence))]),
          { id: `checklist-${c.guideline.startsWith('TRIPOD') ? 'tripod' : 'claim'}` },
        ),
      ),
    ),
  );
}
