/// <reference lib="dom" />
import { setFigureAxes } from '../charts.js';
import { h } from '../dom.js';
import { thresholdRange } from './decision-range.js';

/**
 * "Thresholds from … to …" inputs of a decision curve: a valid range (thresholdRange) sets the figure's x
 * limits on screen and in its exports; an invalid one says why next to the inputs and leaves the chart.
 */
export function thresholdRangeControl(figureId: string, initial: { from: number; to: number } = { from: 0, to: 1 }): HTMLElement[] {
  const input = (end: 'from' | 'to', value: number) => h('input', { type: 'number', id: `${figureId}-threshold-${end}`, min: 0, max: 1, step: 0.01, value, inputmode: 'decimal' });
  const from = input('from', initial.from);
  const to = input('to', initial.to);
  const message = h('span', { class: 'error', role: 'alert', id: `${figureId}-threshold-error` });
  const apply = () => {
    const r = thresholdRange(from.value, to.value);
    if ('error' in r) {
      message.textContent = r.error;
      return;
    }
    message.textContent = '';
    setFigureAxes(figureId, { xMin: r.from, xMax: r.to });
  };
  from.addEventListener('change', apply);
  to.addEventListener('change', apply);
  return [h('label', {}, 'Thresholds from', from), h('label', {}, 'to', to), message];
}
