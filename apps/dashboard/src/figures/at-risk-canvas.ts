import type { Chart, ChartConfiguration } from 'chart.js';
import type { AtRiskTable } from './figure-spec.js';

/** Font size (CSS px) and row height of the table in the PNG. */
const FONT_PX = 11;
const ROW_PX = 16;

/** The table's height (CSS px) under the chart: a title row and a row per group. */
export const atRiskTableHeight = (table: AtRiskTable) => (table.rows.length + 1) * ROW_PX + 8;

/** Half the width of the widest count under the first tick: how far those counts reach left of the plot. */
function firstCount(ctx: CanvasRenderingContext2D, table: AtRiskTable): number {
  return Math.max(0, ...table.rows.map((r) => ctx.measureText(String(r.counts[0] ?? '')).width)) / 2;
}

/** A label cut with an ellipsis to fit `room` px in the context's font. */
function fitted(ctx: CanvasRenderingContext2D, label: string, room: number): string {
  if (ctx.measureText(label).width <= room) return label;
  let cut = label;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > room) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A chart.js configuration that draws `table` (the numbers-at-risk table) under everything else: room
 * for it as bottom padding, room for the group labels in the y axis' margin (at most 40 % of the width),
 * and a plugin that writes the title row, then per group its label (right-aligned, in its colour) and
 * each count centred under its x tick. For the PNG export; on screen the page shows an HTML table.
 */
export function withAtRiskTable(config: ChartConfiguration, table: AtRiskTable, fontFamily: string): ChartConfiguration {
  const font = `${FONT_PX}px ${fontFamily}`;
  const height = atRiskTableHeight(table);
  const options = (config.options ?? {}) as Record<string, any>;
  const scales = options.scales ?? {};
  const y = scales.y ?? {};
  return {
    ...config,
    options: {
      ...options,
      layout: { ...(options.layout ?? {}), padding: { ...(options.layout?.padding ?? {}), bottom: height } },
      scales: {
        ...scales,
        y: {
          ...y,
          afterFit: (axis: { width: number; ctx: CanvasRenderingContext2D; chart: Chart }) => {
            axis.ctx.save();
            axis.ctx.font = font;
            const widest = Math.max(0, ...table.rows.map((r) => axis.ctx.measureText(r.label).width)) + firstCount(axis.ctx, table);
            axis.ctx.restore();
            axis.width = Math.max(axis.width, Math.min(widest + 12, 0.4 * axis.chart.width));
          },
        },
      },
    },
    plugins: [
      ...(config.plugins ?? []),
      {
        id: 'numbers-at-risk',
        afterDraw(chart: Chart) {
          const { ctx, chartArea, scales } = chart;
          const top = chart.height - height + 4;
          ctx.save();
          ctx.font = font;
          ctx.textBaseline = 'top';
          ctx.fillStyle = '#000000';
          ctx.textAlign = 'left';
          ctx.fillText(table.title, chartArea.left, top);
          // labels end left of the counts under the first tick (centred on the plot's left edge)
          const labelRight = chartArea.left - firstCount(ctx, table) - 6;
          table.rows.forEach((r, g) => {
            const rowTop = top + (g + 1) * ROW_PX;
            ctx.textAlign = 'right';
            ctx.fillStyle = r.colour;
            ctx.fillText(fitted(ctx, r.label, labelRight - 2), labelRight, rowTop);
            ctx.textAlign = 'center';
            ctx.fillStyle = '#000000';
            r.counts.forEach((n, k) => ctx.fillText(String(n), scales.x.getPixelForValue(table.ticks[k]), rowTop));
          });
          ctx.restore();
        },
      },
    ],
  } as ChartConfiguration;
}
