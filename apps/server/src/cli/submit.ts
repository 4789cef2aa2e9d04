import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { parseExperimentFile, validateExperimentSchema } from '@radsweep/pipeline';
import type { SurvivalLeaderboardResponse } from '@radsweep/api-contract';
import { ApiClient, DEFAULT_RETRY_SECONDS } from './api-client';
import { intOption, parseOptions } from './options';
import { writeResultsFile } from './results';

/**
 * `radsweep run <experiment> --server <url>`: the experiment file and its data
 * file go to the server, the run is launched there, and this process follows it
 * to the end (Ctrl-C leaves it running on the server). While following, an
 * unreachable server is retried for `--retry-seconds` (default 300) before giving up;
 * the run goes on regardless, and `radsweep results <run>` fetches it later.
 */
export async function submitCommand(argv: string[]): Promise<number> {
  const { values, flags, positional } = parseOptions(argv, 'run --server', ['--server', '--project', '--data', '--out', '--retry-seconds'], ['--quiet']);
  if (positional.length !== 1) throw new RadSweepInputError("'run --server' takes one experiment file");
  const server = values['--server'];
  if (!server) throw new RadSweepInputError('needs --server <url>', '--server');
  const quiet = flags.has('--quiet');
  const api = new ApiClient(server, {
    retrySeconds: intOption(values, '--retry-seconds', 0) ?? DEFAULT_RETRY_SECONDS,
    onRetry: (message) => process.stderr.write(`\nradsweep: ${message}\n`),
  });
  const parsed = parseExperimentFile(positional[0]);
  const spec = validateExperimentSchema(parsed);
  const dataFile = values['--data'] ? resolve(values['--data']) : resolve(dirname(parsed.path), spec.dataset.path);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(dataFile)]), basename(dataFile));
  if (spec.dataset.labelColumn) form.append('labelColumn', spec.dataset.labelColumn); // survival experiments have none
  const inProject = values['--project'] ? `?projectId=${encodeURIComponent(values['--project'])}` : '';
  const dataset = await api.send('POST', `/datasets${inProject}`, form);
  const experiment = await api.send('POST', `/experiments${inProject}`, { specText: specTextForServer(readFileSync(parsed.path, 'utf8'), quiet) });
  let run = await api.send('POST', '/runs', { experimentId: experiment.id, datasetId: dataset.id });
  if (!quiet) process.stderr.write(`radsweep: run ${run.id} queued on ${server} (experiment ${experiment.name} v${experiment.version})\n`);
  while (!['succeeded', 'failed', 'cancelled'].includes(run.status)) {
    await new Promise((r) => setTimeout(r, 1000));
    run = await api.get(`/runs/${run.id}`);
    if (!quiet) process.stderr.write(`\rradsweep: ${run.status} ${run.tasksDone}/${run.tasksTotal} tasks, ${run.fitsDone}/${run.fitsTotal} fits   `);
  }
  if (!quiet) process.stderr.write('\n');
  if (run.status !== 'succeeded') throw new RadSweepInputError(`run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}`);
  const results = await api.get(`/runs/${run.id}/results.json`);
  if (values['--out']) writeResultsFile(values['--out'], results);
  if (results.kind === 'survival') {
    const board: SurvivalLeaderboardResponse = await api.get(`/runs/${run.id}/survival/leaderboard`);
    process.stdout.write(`Run ${run.id} on ${server}\n${survivalLeaderboardLines(board).join('\n')}\n`);
    return 0;
  }
  const board = await api.get(`/runs/${run.id}/leaderboard?sort=cvAuc&limit=1000`);
  const lines = board.items.map((r: any) => `${r.featureSet.padEnd(20)} ${r.label.padEnd(28)} CV AUC ${fmt(r.cvAuc)}  test AUC ${fmt(r.testAuc)} [${fmt(r.testAucLower)}, ${fmt(r.testAucUpper)}]`);
  process.stdout.write(`Run ${run.id} on ${server}\n${lines.join('\n')}\n`);
  return 0;
}

/**
 * The spec as the server takes it: `validation.external` names files on this machine, which the
 * server cannot read, so it is left out (with a notice) rather than refused; the rest, comments
 * included, goes as written.
 */
export function specTextForServer(text: string, quiet = false): string {
  const doc = parseDocument(text);
  const external = doc.getIn(['validation', 'external']) as { items?: unknown[] } | undefined;
  if (!external) return text;
  doc.deleteIn(['validation', 'external']);
  if (!quiet) {
    process.stderr.write(
      `radsweep: validation.external (${external.items?.length ?? 0} cohort(s)) is not sent: the tracking server does not score external cohorts yet; score them with radsweep run (without --server) or radsweep lock + validate\n`,
    );
  }
  return doc.toString();
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '  -  ' : v.toFixed(3));

/** The survival leaderboard per endpoint as text: CV C-index (what chose the best, marked *), test Harrell's C with CI, IBS with the null model's. */
function survivalLeaderboardLines(board: SurvivalLeaderboardResponse): string[] {
  return board.endpoints.flatMap(({ endpoint, rows }) => [
    `Endpoint ${endpoint.name} (${endpoint.competingEvents.count} competing events, ${endpoint.competingEvents.handling})`,
    ...rows.map(
      (r) =>
        `${r.best ? '*' : ' '} ${r.featureSet.padEnd(20)} ${r.label.padEnd(28)} CV C ${fmt(r.cvCIndex)}  test C ${fmt(r.testHarrellC?.estimate)} [${fmt(r.testHarrellC?.lower)}, ${fmt(r.testHarrellC?.upper)}]  IBS ${fmt(r.ibs?.estimate)} (null ${fmt(r.ibs?.nullEstimate)})`,
    ),
  ]);
}
