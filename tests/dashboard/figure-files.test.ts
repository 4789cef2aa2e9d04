import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { netBenefitRange, rateFromTreatAll, thresholdRange } from '../../apps/dashboard/src/figures/decision-range';
import { exportPixelRatio, fileSafe, numbersCsv, plottedPoints } from '../../apps/dashboard/src/figures/export-files';
import type { FigureSpec } from '../../apps/dashboard/src/figures/figure-spec';
import { LINE_DASHES, lineStyles, REFERENCE_DASH } from '../../apps/dashboard/src/figures/line-styles';
import { axisRange, niceTicks, tickText } from '../../apps/dashboard/src/figures/nice-ticks';
import { crc32, pixelsPerMetre, pngInfo, withDpi } from '../../apps/dashboard/src/figures/png-dpi';
import { figureSvg, xmlText } from '../../apps/dashboard/src/figures/svg-chart';
import { PALETTE } from '../../apps/dashboard/src/series';

/** A valid 3 x 2 grey PNG built by hand (zlib's deflate and CRC-32, independent of the code under test). */
function tinyPng(extra: Buffer[] = []): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlibCrc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(3, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.from([0, 10, 20, 30, 0, 40, 50, 60]); // filter byte + 3 pixels, twice
  return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), ...extra.map((e) => chunk('pHYs', e)), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]));
}

/** The attributes of the SVG elements of a class, by a plain scan of the text (no DOM in Node). */
const elements = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`<[a-z]+ class="${cls}"([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));

describe('figure files', () => {
  it('PNG: CRC-32 is the standard one; withDpi writes pHYs 11811 px/m after IHDR, replaces an old one, keeps the image', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
    expect(pixelsPerMetre(300)).toBe(11811);
    const png = tinyPng();
    expect(pngInfo(png)).toEqual({ width: 3, height: 2, dpiX: null, dpiY: null, pixelsPerMetre: null });
    const at300 = withDpi(png, 300);
    expect(at300.length).toBe(png.length + 21);
    expect(pngInfo(at300)).toEqual({ width: 3, height: 2, dpiX: 300, dpiY: 300, pixelsPerMetre: [11811, 11811] });
    expect(Buffer.from(at300.subarray(33 + 4, 33 + 8)).toString('latin1')).toBe('pHYs'); // right after the 8 + 25 bytes of signature and IHDR
    // its CRC equals zlib's
    expect(Buffer.from(at300).readUInt32BE(33 + 17)).toBe(zlibCrc32(Buffer.from(at300.subarray(33 + 4, 33 + 17))));
    // a PNG that already says 72 dpi (2835 px/m) gets one pHYs, the new one
    const old = Buffer.alloc(9);
    old.writeUInt32BE(2835, 0);
    old.writeUInt32BE(2835, 4);
    old[8] = 1;
    const redone = withDpi(tinyPng([old]), 300);
    expect(pngInfo(redone).pixelsPerMetre).toEqual([11811, 11811]);
    expect(Buffer.from(redone).toString('latin1').split('pHYs')).toHaveLength(2);
    // the image data are untouched
    expect(Buffer.from(redone).subarray(-(12 + 12 + deflateSync(Buffer.from([0, 10, 20, 30, 0, 40, 50, 60])).length))).toEqual(Buffer.from(png).subarray(-(12 + 12 + deflateSync(Buffer.from([0, 10, 20, 30, 0, 40, 50, 60])).length)));
  });

  it('PNG: a broken file is refused with the reason', () => {
    expect(() => withDpi(new TextEncoder().encode('GIF89a....'), 300)).toThrow(/not a PNG file/);
    const png = tinyPng();
    expect(() => withDpi(png.subarray(0, 30), 300)).toThrow(/cut short|longer than the file/);
    const bad = Uint8Array.from(png);
    bad[20] ^= 1; // a bit of IHDR's height
    expect(() => pngInfo(bad)).toThrow(/chunk IHDR at byte 8 has a wrong CRC/);
    expect(() => withDpi(png, 0)).toThrow(/dpi must be positive/);
  });

  it('PNG export size: 420 CSS px at the export pixel ratio is 1050 px, 3.5 in at 300 dpi', () => {
    expect(420 * exportPixelRatio()).toBe(1050);
  });

  const roc: FigureSpec = {
    kind: 'line',
    title: 'ROC <test> & "quotes"',
    series: [
      { label: '95 % CI lower', x: [0, 0.5, 1], y: [0, 0.5, 0.9], band: 'lower', colour: PALETTE[0] },
      { label: '95 % CI upper', x: [0, 0.5, 1], y: [0.2, 0.9, 1], band: 'upper', colour: PALETTE[0] },
      { label: 'model A', x: [0, 0, 0.25, 0.5, 1], y: [0, 0.5, 0.75, 0.9, 1] },
      { label: 'model B', x: [0, 0.5, 1], y: [0, null, 1] },
      { label: 'chance', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' },
    ],
    axes: { x: 'FPR', y: 'TPR', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
    square: true,
  };

  it('SVG: a standalone vector file 3.5 in wide; each line a path through the plotted points, in its colour and dash', () => {
    const svg = figureSvg(roc);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/width="3.5in"/);
    expect(svg).not.toMatch(/<image|data:image/); // vector, no bitmap
    expect(svg).toContain('<title>ROC &lt;test&gt; &amp; &quot;quotes&quot;</title>');
    const [plot] = elements(svg, 'plot');
    const [left, top, width, height] = plot['data-box'].split(' ').map(Number);
    expect(width).toBeCloseTo(height, 1); // square
    const back = (d: string) => [...d.matchAll(/([ML])([-0-9.]+) ([-0-9.]+)/g)].map((m) => [m[1], Number(((Number(m[2]) - left) / width).toFixed(3)), Number(((top + height - Number(m[3])) / height).toFixed(3))]);
    const series = elements(svg, 'series');
    expect(series.map((s) => s['data-label'])).toEqual(['model A', 'model B', 'chance']);
    expect(back(series[0].d)).toEqual([['M', 0, 0], ['L', 0, 0.5], ['L', 0.25, 0.75], ['L', 0.5, 0.9], ['L', 1, 1]]);
    expect(back(series[1].d)).toEqual([['M', 0, 0], ['M', 1, 1]]); // a null breaks the line
    expect(series.map((s) => [s.stroke, s['stroke-dasharray'] ?? null])).toEqual([[PALETTE[2], null], [PALETTE[3], LINE_DASHES[1].join(' ')], ['#888888', REFERENCE_DASH.join(' ')]]);
    // the band: upper edge forward, lower edge back, closed
    const [band] = elements(svg, 'band');
    expect(band['data-label']).toBe('95 % CI');
    expect(back(band.d.replace(' Z', ''))).toEqual([['M', 0, 0.2], ['L', 0.5, 0.9], ['L', 1, 1], ['L', 1, 0.9], ['L', 0.5, 0.5], ['L', 0, 0]]);
    expect(band.d.endsWith('Z')).toBe(true);
    // the legend: the lines only, each sample drawn with the line's dash
    const legend = [...svg.matchAll(/<g class="legend-item" data-label="([^"]*)">\n<line [^>]*?(?:stroke-dasharray="([^"]*)")?\/>/g)].map((m) => [m[1], m[2] ?? null]);
    expect(legend).toEqual(series.map((s) => [s['data-label'], s['stroke-dasharray'] ?? null]));
    // clipped to the plot area (a decision curve below its range is cut, not drawn over the axes)
    expect(svg).toMatch(/<g class="plot" clip-path="url\(#plot-area\)"/);
  });

  it('SVG: step lines go across then up, rugs are ticks at the edge, whiskers one interval per defined bin; bars carry their values', () => {
    const svg = figureSvg({
      kind: 'line',
      title: 'km',
      series: [
        { label: 'KM', x: [0, 2, 4], y: [1, 0.5, 0.25], step: true },
        { label: 'cal', x: [0.2, 0.5, 0.8], y: [0.1, 0.5, null], points: true, whiskers: { lower: [0, 0.3, null], upper: [0.3, 0.7, null] } },
        { label: 'events', x: [0.1, 0.3], y: [], rug: 'top' },
      ],
      axes: { x: 't', y: 'S', xMin: 0, xMax: 4, yMin: 0, yMax: 1 },
    });
    const [plot] = elements(svg, 'plot');
    const [left, top, width, height] = plot['data-box'].split(' ').map(Number);
    const back = (d: string) => [...d.matchAll(/[ML]([-0-9.]+) ([-0-9.]+)/g)].map((m) => [Number((((Number(m[1]) - left) / width) * 4).toFixed(3)), Number(((top + height - Number(m[2])) / height).toFixed(3))]);
    expect(back(elements(svg, 'series')[0].d)).toEqual([[0, 1], [2, 1], [2, 0.5], [4, 0.5], [4, 0.25]]);
    expect(elements(svg, 'whiskers')[0].d.match(/M/g)).toHaveLength(2 * 3); // 2 bins with an interval, 3 strokes each
    const rug = elements(svg, 'rug')[0].d;
    expect(rug.match(/M[-0-9.]+ ([-0-9.]+)/g)?.map((m) => Number(m.split(' ')[1]))).toEqual([top, top]);
    const bars = figureSvg({ kind: 'bar', title: 'hist', labels: ['0–0.5', '0.5–1'], values: [3, 7], axes: { x: 'p', y: 'n' } });
    expect(elements(bars, 'bar').map((b) => Number(b['data-value']))).toEqual([3, 7]);
    const [h3, h7] = elements(bars, 'bar').map((b) => Number(b.height));
    expect(h7 / h3).toBeCloseTo(7 / 3, 2);
  });

  it('SVG: a numbers-at-risk table under the plot, each count centred under its x tick, each group label in its colour; the file grows by the table', () => {
    const km: FigureSpec = {
      kind: 'line',
      title: 'km',
      series: [{ label: 'low', x: [0, 2, 4], y: [1, 0.5, 0.25], step: true }],
      axes: { x: 't', y: 'S', xMin: 0, xMax: 4, yMin: 0, yMax: 1 },
      xTicks: [0, 1, 2, 3, 4],
    };
    const table = { title: 'Number at risk', ticks: [0, 1, 2, 3, 4], rows: [{ label: 'low <risk>', colour: PALETTE[0], counts: [10, 8, 5, 2, 0] }, { label: 'high', colour: PALETTE[1], counts: [9, 4, 1, 0, 0] }] };
    const plain = figureSvg(km);
    const svg = figureSvg({ ...km, atRisk: table });
    const [plot] = elements(svg, 'plot');
    const [left, , width] = plot['data-box'].split(' ').map(Number);
    const counts = [...svg.matchAll(/<text class="at-risk-count" data-tick="(\d+)" data-time="([^"]*)" x="([^"]*)"[^>]*>(\d+)<\/text>/g)].map((m) => ({ tick: Number(m[2]), at: Number((((Number(m[3]) - left) / width) * 4).toFixed(3)), n: Number(m[4]) }));
    expect(counts).toEqual(table.rows.flatMap((r) => r.counts.map((n, k) => ({ tick: k, at: k, n }))));
    const labels = [...svg.matchAll(/<g class="at-risk-row" data-group="(\d)" data-label="([^"]*)">\n<text class="at-risk-label" [^>]*fill="([^"]*)">([^<]*)<\/text>/g)].map((m) => [m[2], m[3], m[4]]);
    expect(labels).toEqual([['low &lt;risk&gt;', PALETTE[0], 'low &lt;risk&gt;'], ['high', PALETTE[1], 'high']]);
    expect(svg).toContain('<text class="at-risk-title"');
    const heightOf = (s: string) => Number(/viewBox="0 0 [^ ]+ ([^"]+)"/.exec(s)![1]);
    // the rows lie below everything else of the figure (legend included), one under the other, inside the file
    const rowsY = [...new Set([...svg.matchAll(/class="at-risk-count"[^>]* y="([-0-9.]+)"/g)].map((m) => Number(m[1])))];
    const others = svg.replace(/<g class="at-risk"[\s\S]*?\n<\/g>\n<\/svg>/, '</svg>');
    expect(others).not.toContain('at-risk');
    expect(Math.min(...rowsY)).toBeGreaterThan(Math.max(...[...others.matchAll(/ y2?="([-0-9.]+)"/g)].map((m) => Number(m[1]))));
    expect(rowsY).toHaveLength(2);
    expect(rowsY[1] - rowsY[0]).toBeCloseTo(11, 5);
    expect(heightOf(svg)).toBeGreaterThan(rowsY[1]);
    expect(heightOf(svg)).toBeGreaterThan(heightOf(plain));
  });

  it('line styles: Okabe-Ito colours by position, data lines take the dashes in turn (bands and rugs skip), references dashed', () => {
    const styles = lineStyles([{ label: 'l', x: [], y: [], band: 'lower' }, { label: 'a', x: [], y: [] }, { label: 'r', x: [], y: [], rug: 'top' }, { label: 'b', x: [], y: [] }, { label: 'ref', x: [], y: [], dashed: true }, { label: 'own', x: [], y: [], dash: [1, 1], colour: '#123456' }]);
    expect(styles).toEqual([
      { colour: PALETTE[0], dash: [] },
      { colour: PALETTE[1], dash: LINE_DASHES[0] },
      { colour: PALETTE[2], dash: [] },
      { colour: PALETTE[3], dash: LINE_DASHES[1] },
      { colour: PALETTE[4], dash: REFERENCE_DASH },
      { colour: '#123456', dash: [1, 1] },
    ]);
  });

  it('CSV: the numbers at full precision, the plotted points by default, file names safe', () => {
    const spec: FigureSpec = { kind: 'line', title: 't', series: [{ label: 'a,b', x: [0.1, 1 / 3], y: [null, 2 / 3] }], axes: { x: 'x', y: 'y' } };
    expect(plottedPoints(spec.series)).toEqual({ header: ['series', 'x', 'y'], rows: [['a,b', 0.1, null], ['a,b', 1 / 3, 2 / 3]] });
    expect(numbersCsv(spec, undefined)).toBe(`series,x,y\n"a,b",0.1,\n"a,b",${1 / 3},${2 / 3}\n`);
    expect(numbersCsv(spec, { header: ['threshold', 'net_benefit'], rows: [[0.5, -0.0123456789]] })).toBe('threshold,net_benefit\n0.5,-0.0123456789\n');
    expect(numbersCsv({ kind: 'bar', title: 'h', labels: ['=1+1'], values: [4], axes: { x: 'p', y: 'n' } }, undefined)).toBe(`p,n\n"'=1+1",4\n`);
    expect(fileSafe('1a2b3c4d-mean/std-Logistic regression (C=1)-roc')).toBe('1a2b3c4d-mean-std-Logistic-regression-C-1-roc');
    expect(xmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('axes: nice ticks and ranges widened from the data when not fixed', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.05, 0.37)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(axisRange(0.13, 0.87, undefined, undefined)).toEqual([0, 1]);
    expect(axisRange(0.13, 0.87, 0.1, undefined)).toEqual([0.1, 1]);
    expect(tickText(0.1 + 0.2)).toBe('0.3');
  });

  it('decision curve range: net benefit from max(-0.05, -prevalence/2) to the prevalence; threshold range checked', () => {
    expect(netBenefitRange(0.37)).toEqual({ yMin: -0.05, yMax: 0.37 });
    expect(netBenefitRange(0.06)).toEqual({ yMin: -0.03, yMax: 0.06 });
    expect(netBenefitRange(0)).toEqual({ yMin: -0.05, yMax: 1 });
    // treat all at threshold t of an event rate r: r - (1 - r) t / (1 - t); read back
    for (const [r, t] of [[0.3, 0.01], [0.12, 0.2], [0.5, 0]]) expect(rateFromTreatAll(t, r - ((1 - r) * t) / (1 - t))).toBeCloseTo(r, 12);
    expect(thresholdRange('0.05', '0.6')).toEqual({ from: 0.05, to: 0.6 });
    expect(thresholdRange('0.7', '0.6')).toEqual({ error: 'Threshold range: "from" (0.7) must be below "to" (0.6).' });
    expect(thresholdRange('', '0.6')).toEqual({ error: 'Threshold range: both limits must be numbers.' });
    expect(thresholdRange('-0.1', '0.6')).toEqual({ error: 'Threshold range: limits must lie in [0, 1], got -0.1 to 0.6.' });
  });
});
