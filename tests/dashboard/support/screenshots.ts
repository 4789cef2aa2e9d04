import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO } from '../../server/support/api';

/** Where the browser tests write every screenshot (not kept in git). */
export const SHOTS_DIR = join(REPO, 'test-artifacts/screenshots');
/** The screenshots the README and docs show, kept in git. */
export const DOCS_DIR = join(REPO, 'docs/screenshots');

/**
 * The screenshots copied to docs/screenshots, by name (`<name>.png`): only the browser tests write them, when
 * run with RADSWEEP_DOCS_SCREENSHOTS=1 (tests/dashboard/docs-screenshots.test.ts holds this list, the folder
 * and the tests' calls equal).
 */
export const DOCS_SCREENSHOTS = [
  // set-up (tests/dashboard/setup-flows.test.ts)
  'set-password',
  'account-token',
  'users',
  'project',
  'setup-upload-preview',
  'setup-yaml-error',
  'setup-reviewer',
  // results (tests/dashboard/dashboard.test.ts)
  'leaderboard',
  'model-record',
  // run curation: notes and tags, then the runs list with a tag filter and an archived run (run-curation.test.ts)
  'run-curation',
  'runs-archived',
  // the TRIPOD+AI and CLAIM checklist page (checklist-page.test.ts)
  'checklist',
  // a chart with its SVG / PNG 300 dpi / CSV export buttons (figure-export.test.ts)
  'figure-export',
  // the model record's locked version, forest plot per centre and calibration (external-validation-page.test.ts)
  'external-validation',
  // the model comparison: key columns at 1280 px, cards at 390 px (compare-layout.test.ts)
  'compare-1280',
  'compare-390',
  // survival: a real two-endpoint run's leaderboard and a model record with its KM and numbers at risk (survival-real-server.test.ts),
  // the survival leaderboard's hyper-parameter filter (survival-param-filter.test.ts)
  'real-survival-leaderboard',
  'real-survival-model',
  'survival-leaderboard-params-filter',
] as const;

const DOCUMENTED = new Set<string>(DOCS_SCREENSHOTS);

/**
 * Screenshot of a page (the viewport, or the whole page with fullPage) or of one element, to
 * test-artifacts/screenshots/<name>.png, and to docs/screenshots/<name>.png too when the docs show it and
 * RADSWEEP_DOCS_SCREENSHOTS=1: the one way the tests write screenshots.
 */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage: options.fullPage ?? false });
  else await target.screenshot({ path });
  if (process.env.RADSWEEP_DOCS_SCREENSHOTS === '1' && DOCUMENTED.has(name)) copyFileSync(path, join(DOCS_DIR, `${name}.png`));
}
