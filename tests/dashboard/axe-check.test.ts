import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { axeFindings } from './support/axe';

/** The accessibility check itself: it must report what it is there to catch, and only that. */
describe('axeFindings (axe-core in Chromium)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const html = (body: string) => `<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Page</h1>${body}</main></body></html>`;

  it('reports an unlabelled input, a nameless (and too small) button and grey-on-white text, naming each rule and element', async () => {
    await page.setContent(html('<input id="q" type="text"><button id="b"></button><p id="faint" style="color:#bbb;background:#fff">faint text</p>'));
    const findings = await axeFindings(page);
    expect(findings.map((f) => `${f.rule} ${f.target}`).sort()).toEqual(['button-name #b', 'color-contrast #faint', 'label #q', 'target-size #b']);
    expect(findings.find((f) => f.rule === 'label')!.impact).toBe('critical');
  });

  it('reports nothing once the same page is labelled, named and dark enough', async () => {
    await page.setContent(html('<label for="q">Query</label><input id="q" type="text"><button id="b">Go</button><p style="color:#595959;background:#fff">readable text</p>'));
    expect(await axeFindings(page)).toEqual([]);
  });
});
