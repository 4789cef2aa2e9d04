import type { Checklist } from './checklist-item';
import { STATUS_WORDS, type EvidenceLinker } from './checklist-markdown';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Only http(s) and same-site relative links become hrefs (an evidence URL is built by us, but never trust it). */
const safeHref = (url: string) => (/^(https?:\/\/|\/|#)/i.test(url) ? escapeHtml(url) : null);

/** A standalone printable HTML page (no script, inline print CSS) of the checklists. */
export function checklistHtml(checklists: Checklist[], title: string, linkOf: EvidenceLinker = () => null): string {
  const sections = checklists.map((c) => {
    const rows = c.items
      .map((item) => {
        const evidence = item.evidence
          .map((e) => {
            const url = linkOf(e);
            const href = url ? safeHref(url) : null;
            return href ? `<a href="${href}">${escapeHtml(e.label)}</a>` : escapeHtml(e.label);
          })
          .join('<br>');
        return `<tr class="${item.status}"><th scope="row">${escapeHtml(item.id)}</th><td>${escapeHtml(item.topic)}</td><td>${STATUS_WORDS[item.status]}</td><td>${escapeHtml(item.answer)}</td><td>${escapeHtml(item.needs ?? '')}</td><td>${evidence}</td></tr>`;
      })
      .join('\n');
    return `<section><h2>${escapeHtml(c.guideline)}</h2>
<p>${escapeHtml(c.reference)}. Experiment &ldquo;${escapeHtml(c.run.experiment)}&rdquo;, dataset sha256 <code>${escapeHtml(c.run.datasetSha256)}</code>.</p>
<p>${c.counts.filled} filled from the run, ${c.counts.partial} partly filled, ${c.counts.person} for the authors, ${c.counts['not-applicable']} not applicable.</p>
<table><thead><tr><th scope="col">Item</th><th scope="col">Topic</th><th scope="col">Status</th><th scope="col">From the run</th><th scope="col">Authors add</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 10pt/1.35 system-ui, sans-serif; margin: 1.5cm; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
tr.person td:nth-child(3), tr.partial td:nth-child(3) { font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print { body { margin: 0; } a { color: inherit; } section { break-before: page; } section:first-of-type { break-before: auto; } }
</style></head>
<body><h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
</body></html>
`;
}
