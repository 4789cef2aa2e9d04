import { chromium, Browser, Page } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it with apt-get); RADSWEEP_CHROMIUM overrides the path. */
export const CHROMIUM = process.env.RADSWEEP_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Debian Chromium driven by playwright-core (no browser download: its own bundled builds are not used). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Uncaught exceptions and console errors (failed loads included) of a page, collected as they happen. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url ?? ''}`);
  });
  return errors;
}

/**
 * Polls a JavaScript expression in the page until it is truthy; returns its value.
 * Through page.evaluate (the DevTools protocol), not page.waitForFunction, whose
 * in-page eval the dashboard's Content-Security-Policy (no 'unsafe-eval') refuses.
 */
export async function waitFor<T = unknown>(page: Page, expression: string, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(expression);
    if (value) return value as T;
    if (Date.now() > end) throw new Error(`waitFor: '${expression}' still falsy after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A browser page signed in to a test server as the API token's user (via a one-time login link that user,
 * an administrator, makes for themselves), with its errors collected.
 */
export async function signedInPage(browser: Browser, base: string, call: (method: string, path: string) => Promise<{ body: any }>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = pageErrors(page);
  const me = (await call('GET', '/auth/me')).body;
  const link = (await call('POST', `/users/${me.id}/login-link`)).body.loginLink;
  await page.goto(`${base}${link}`);
  return { page, errors };
}
