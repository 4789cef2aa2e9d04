import type { Checklist, ChecklistStatus, EvidenceRef } from './checklist-item';

/** Where a renderer points an evidence reference (a dashboard or API URL), or null for plain text. */
export type EvidenceLinker = (ref: EvidenceRef) => string | null;

export const STATUS_WORDS: Record<ChecklistStatus, string> = {
  filled: 'filled from the run',
  partial: 'partly filled: authors complete',
  person: 'authors report',
  'not-applicable': 'not applicable',
};

/** Markdown table cells: no raw pipes or line breaks, no HTML a Markdown viewer would render. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** The checklists as one Markdown document: a table per guideline, evidence as links. */
export function checklistMarkdown(checklists: Checklist[], title: string, linkOf: EvidenceLinker = () => null): string {
  const out: string[] = [`# ${cell(title)}`, ''];
  for (const c of checklists) {
    out.push(`## ${c.guideline}`, '', `${cell(c.reference)}. Experiment "${cell(c.run.experiment)}", dataset sha256 \`${c.run.datasetSha256}\`.`, '');
    out.push(`${c.counts.filled} filled from the run, ${c.counts.partial} partly filled, ${c.counts.person} for the authors, ${c.counts['not-applicable']} not applicable.`, '');
    out.push('| Item | Topic | Status | From the run | Authors add | Evidence |', '| --- | --- | --- | --- | --- | --- |');
    for (const item of c.items) {
      const evidence = item.evidence.map((e) => {
        const url = linkOf(e);
        return url ? `[${cell(e.label)}](${url.replace(/[()\s]/g, encodeURIComponent)})` : cell(e.label);
      });
      out.push(`| ${item.id} | ${cell(item.topic)} | ${STATUS_WORDS[item.status]} | ${cell(item.answer)} | ${cell(item.needs ?? '')} | ${evidence.join('; ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
