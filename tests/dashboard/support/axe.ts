import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

/** axe-core's browser bundle (the pinned dev dependency). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One element axe-core found wrong: the rule, its impact and where (a CSS path), with axe's own summary. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  target: string;
  summary: string;
}

/** The impacts a page may not have: issue #13 asks for no serious or critical violation. */
export const BLOCKING_IMPACTS = ['serious', 'critical'];

/**
 * Runs axe-core (WCAG 2.0-2.2 A and AA rules and axe's best practices) on the page as it is now and returns its
 * serious and critical findings, one per element (`within`: only the element of that CSS selector, e.g. a new part of
 * a page whose other parts another test checks). The script is given through page.evaluate (the DevTools
 * protocol), since the dashboard's Content-Security-Policy refuses inline and injected script tags.
 */
export async function axeFindings(page: Page, within?: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const context = within ? `document.querySelector(${JSON.stringify(within)})` : 'document';
  const results = await page.evaluate<AxeResults>(`axe.run(${context}, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`);
  return results.violations.flatMap((v) =>
    v.nodes
      .filter((n) => BLOCKING_IMPACTS.includes(n.impact ?? v.impact ?? ''))
      .map((n) => ({ rule: v.id, impact: n.impact ?? v.impact ?? '', help: v.help, target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ') })),
  );
}

/** A finding as one line for a test's failure message. */
export const describeFinding = (f: AxeFinding) => `${f.impact} ${f.rule} at ${f.target}: ${f.help} (${f.summary})`;

/** The two widths issue #13 names: a laptop and a phone. */
export const AXE_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/**
 * axeFindings at each of AXE_VIEWPORTS (the page as it is now, or only `within`), as lines for a test's failure
 * message (empty: no serious or critical violation); the page is left at 1280 x 900.
 */
export async function axeAtBothWidths(page: Page, within?: string): Promise<string[]> {
  const failures: string[] = [];
  for (const viewport of AXE_VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const f of await axeFindings(page, within)) failures.push(`${viewport.width} px: ${describeFinding(f)}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return failures;
}
