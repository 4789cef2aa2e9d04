import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { keepSwcLoaded } from '@radsweep/core';
import { extractCase, type CaseParams, type CaseResult } from './extract-case';
import type { ManifestCase } from './manifest';

export interface BatchOptions {
  /** Worker threads (default: one per core; 0 = in this thread). */
  readonly workers?: number;
  /** Called after each case with the number done and the result. */
  readonly onCase?: (done: number, result: CaseResult) => void;
  /** The worker script (tests substitute one); default extract-worker-entry.js. */
  readonly workerScript?: string;
}

/**
 * Extracts every case, each on the next free worker thread; results come back in manifest order, failed
 * cases as errors. A failing case never stops the others: an error in a case is its result, and a worker
 * that dies (out of memory, a crash) fails only the case it was on and is replaced.
 */
export async function runExtractionBatch(cases: ManifestCase[], params: CaseParams, options: BatchOptions = {}): Promise<CaseResult[]> {
  const workers = Math.min(options.workers ?? availableParallelism(), cases.length);
  const results: CaseResult[] = new Array(cases.length);
  let done = 0;
  const finish = (index: number, result: CaseResult) => {
    results[index] = result;
    options.onCase?.(++done, result);
  };
  if (workers <= 0) {
    cases.forEach((c, i) => finish(i, extractCase(c, params)));
    return results;
  }
  keepSwcLoaded(); // else a second batch in a process that does not hold swc crashes it (see keepSwcLoaded)
  const script = options.workerScript ?? join(__dirname, 'extract-worker-entry.js');
  let next = 0;
  /** Runs cases on one worker thread (replacing it when it dies) until the queue is empty. */
  const lane = () =>
    new Promise<void>((resolveLane) => {
      const start = () => {
        const worker = new Worker(script);
        let current = -1;
        const send = () => {
          if (next >= cases.length) {
            current = -1;
            void worker.terminate().then(() => resolveLane());
            return;
          }
          current = next++;
          worker.postMessage({ index: current, case: cases[current], params });
        };
        const died = (why: string) => {
          if (current < 0) return;
          const index = current;
          current = -1;
          finish(index, { id: cases[index].id, ok: false, error: `case ${cases[index].id}: the extraction worker died (${why})` });
          start();
        };
        worker.on('message', (msg: { index: number; result: CaseResult }) => {
          finish(msg.index, msg.result);
          send();
        });
        worker.on('error', (e) => died(e.message));
        worker.on('exit', (code) => died(`exit code ${code}`));
        send();
      };
      start();
    });
  await Promise.all(Array.from({ length: workers }, lane));
  return results;
}
