import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractCase, type CaseParams, type CaseResult } from './extract-case';
import type { ManifestCase } from './manifest';

export interface BatchOptions {
  /** Worker threads (default: one per core; 0 = in this thread). */
  readonly workers?: number;
  /** Called after each case with the number done and the result. */
  readonly onCase?: (done: number, result: CaseResult) => void;
}

/**
 * Extracts every case, each on the next free worker thread; results come back in manifest order, failed
 * cases as errors (a failing case never stops the others).
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
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, () => {
      const worker = new Worker(join(__dirname, 'extract-worker-entry.js'));
      return new Promise<void>((resolveAll, rejectAll) => {
        const send = () => {
          if (next >= cases.length) {
            void worker.terminate().then(() => resolveAll());
            return;
          }
          const index = next++;
          worker.postMessage({ index, case: cases[index], params });
        };
        worker.on('message', (msg: { index: number; result: CaseResult }) => {
          finish(msg.index, msg.result);
          send();
        });
        worker.on('error', (e) => rejectAll(new Error(`extraction worker crashed: ${e.message}`)));
        send();
      });
    }),
  );
  return results;
}
