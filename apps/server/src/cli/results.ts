import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { ApiClient, DEFAULT_RETRY_SECONDS } from './api-client';
import { intOption, parseOptions } from './options';

/** Writes a results file as `radsweep run --out` does (the server's results.json, one space indent). */
export function writeResultsFile(file: string, results: unknown): string {
  const out = resolve(file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 1) + '\n');
  return out;
}

/**
 * `radsweep results <run> --server <url> --out <file>`: the results file of a
 * finished run (e.g. after `run --server` stopped following it). A run not
 * finished, failed or cancelled is an error saying so; nothing is written.
 */
export async function resultsCommand(argv: string[]): Promise<number> {
  const { values, positional } = parseOptions(argv, 'results', ['--server', '--out', '--retry-seconds']);
  if (positional.length !== 1) throw new RadSweepInputError(`'results' takes one run id, got ${positional.length}${positional.length ? `: ${positional.join(' ')}` : ''}`);
  const server = values['--server'];
  if (!server) throw new RadSweepInputError('needs --server <url>', '--server');
  if (!values['--out']) throw new RadSweepInputError('needs --out <results.json>', '--out');
  const api = new ApiClient(server, {
    retrySeconds: intOption(values, '--retry-seconds', 0) ?? DEFAULT_RETRY_SECONDS,
    onRetry: (message) => process.stderr.write(`radsweep: ${message}\n`),
  });
  const id = encodeURIComponent(positional[0]);
  const run = await api.get(`/runs/${id}`);
  if (run.status !== 'succeeded') {
    const progress = `${run.tasksDone}/${run.tasksTotal} tasks, ${run.fitsDone}/${run.fitsTotal} fits`;
    throw new RadSweepInputError(`run ${run.id} is ${run.status} (${progress})${run.error ? `: ${run.error}` : ''}; only a succeeded run has a results file`, 'run');
  }
  const out = writeResultsFile(values['--out'], await api.get(`/runs/${id}/results.json`));
  process.stderr.write(`radsweep: results of run ${run.id} written to ${out}\n`);
  return 0;
}
