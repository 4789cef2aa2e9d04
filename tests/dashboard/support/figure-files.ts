import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO } from '../../server/support/api';

/** The exported files of the browser tests, kept for a look (not checked in). */
const FILES = join(REPO, 'test-artifacts/figures');

/** Clicks an export button and returns the downloaded file's name and bytes. */
export async function exportedFile(page: Page, buttonId: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${buttonId}`)]);
  const bytes = readFileSync(await download.path());
  mkdirSync(FILES, { recursive: true });
  writeFileSync(join(FILES, download.suggestedFilename()), bytes);
  return { name: download.suggestedFilename(), bytes };
}

/**
 * Parses an SVG file in the browser (DOMParser, image/svg+xml): a parse error, or the plot box and ranges and
 * each series path's vertices mapped back to data coordinates.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
function parseSvgInPage(text: string): any {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  if (doc.querySelector('parsererror') || doc.documentElement.localName !== 'svg') return { error: doc.documentElement.textContent };
  const plot = doc.querySelector('g.plot') as any;
  const [left, top, width, height] = plot.dataset.box.split(' ').map(Number);
  const [x0, x1] = (plot.dataset.xRange ?? '0 1').split(' ').map(Number);
  const [y0, y1] = plot.dataset.yRange.split(' ').map(Number);
  const toData = (px: number, py: number) => [x0 + ((px - left) / width) * (x1 - x0), y0 + ((top + height - py) / height) * (y1 - y0)];
  const points = (d: string) => [...d.matchAll(/[ML]([-0-9.]+) ([-0-9.]+)/g)].map((m) => toData(Number(m[1]), Number(m[2])));
  const count = (d: string | null) => (d?.match(/M/g) ?? []).length;
  return {
    width: doc.documentElement.getAttribute('width'),
    box: [left, top, width, height],
    xRange: [x0, x1],
    images: doc.querySelectorAll('image').length,
    series: [...doc.querySelectorAll('path.series')].map((p: any) => ({ label: p.dataset.label, dash: p.getAttribute('stroke-dasharray'), points: points(p.getAttribute('d')) })),
    bands: doc.querySelectorAll('path.band').length,
    whiskers: [...doc.querySelectorAll('path.whiskers')].map((p) => count(p.getAttribute('d')) / 3),
    rugs: [...doc.querySelectorAll('path.rug')].map((p: any) => ({ label: p.dataset.label, ticks: count(p.getAttribute('d')) })),
    legend: [...doc.querySelectorAll('.legend-item')].map((g: any) => ({ label: g.dataset.label, dash: g.querySelector('line')?.getAttribute('stroke-dasharray') ?? null })),
    bars: [...doc.querySelectorAll('rect.bar')].map((r: any) => Number(r.dataset.value)),
    atRisk: [...doc.querySelectorAll('g.at-risk-row')].map((g: any) => ({
      label: g.dataset.label,
      counts: [...g.querySelectorAll('text.at-risk-count')].map((t: any) => ({ time: Number(t.dataset.time), x: toData(Number(t.getAttribute('x')), 0)[0], value: Number(t.textContent) })),
    })),
  };
}

export interface ParsedSvg {
  error?: string;
  width: string;
  box: number[];
  xRange: number[];
  images: number;
  series: { label: string; dash: string | null; points: number[][] }[];
  bands: number;
  whiskers: number[];
  rugs: { label: string; ticks: number }[];
  legend: { label: string; dash: string | null }[];
  bars: number[];
  /** The numbers-at-risk table under the plot: per group its label and each count with its tick time and its x in data units. */
  atRisk: { label: string; counts: { time: number; x: number; value: number }[] }[];
}

/** Pixels darker than mid-grey in the bottom `rows` pixel rows of a PNG, decoded by the browser. */
export async function darkPixelsAtBottom(page: Page, png: Buffer, rows: number): Promise<number> {
  return page.evaluate(
    async ([b64, n]) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const d = ctx.getImageData(0, bitmap.height - n, bitmap.width, n).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 128) dark++;
      return dark;
    },
    [png.toString('base64'), rows] as [string, number],
  );
}

/** An exported SVG parsed by the browser (a parse error fails the test). */
export async function parsedSvg(page: Page, text: string): Promise<ParsedSvg> {
  const parsed: ParsedSvg = await page.evaluate(parseSvgInPage, text);
  expect(parsed.error).toBeUndefined();
  return parsed;
}
