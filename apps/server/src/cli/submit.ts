import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { parseExperimentFile, validateExperimentSchema } from '@radsweep/pipeline';
import { parseOptions } from './options';

/** Authorization header of the API token in RADSWEEP_TOKEN (none when unset). */
export function tokenHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = env.RADSWEEP_TOKEN?.trim();
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function call(base: string, method: string, path: string, body?: unknown | FormData): Promise<any> {
  let res: Response;
  const headers: Record<string, string> = tokenHeaders();
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  try {
    res = await fetch(`${base.replace(/\/+$/, '')}/api${path}`, {
      method,
      headers,
      ...(body instanceof FormData ? { body } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new RadSweepInputError(`cannot reach the server: ${(e as Error).message}`, '--server');
  }
  const parsed: any = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (res.status === 401) throw new RadSweepInputError(`the server wants an API token: set RADSWEEP_TOKEN (${typeof parsed === 'object' && parsed?.message ? parsed.message : 'HTTP 401'})`, 'RADSWEEP_TOKEN');
  if (res.status >= 400) throw new RadSweepInputError(typeof parsed === 'object' && parsed?.message ? parsed.message : `HTTP ${res.status}`, `server ${method} ${path}`);
  return parsed;
}

/**
 * `radsweep run <experiment> --server <url>`: the experiment file and its data
 * file go to the server, the run is launched there, and this process follows it
 * to the end (Ctrl-C leaves it running on the server).
 */
export async function submitCommand(argv: string[]): Promise<number> {
  const { values, flags, positional } = parseOptions(argv, 'run --server', ['--server', '--project', '--data', '--out'], ['--quiet']);
  if (positional.length !== 1) throw new RadSweepInputError("'run --server' takes one experiment file");
  const server = values['--server'];
  if (!server) throw new RadSweepInputError('needs --server <url>', '--server');
  const parsed = parseExperimentFile(positional[0]);
  const spec = validateExperimentSchema(parsed);
  const dataFile = values['--data'] ? resolve(values['--data']) : resolve(dirname(parsed.path), spec.dataset.path);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(dataFile)]), basename(dataFile));
  if (spec.dataset.labelColumn) form.append('labelColumn', spec.dataset.labelColumn); // survival experiments have none
  const inProject = values['--project'] ? `?projectId=${encodeURIComponent(values['--project'])}` : '';
  const dataset = await call(server, 'POST', `/datasets${inProject}`, form);
  const experiment = await call(server, 'POST', `/experiments${inProject}`, { specText: readFileSync(parsed.path, 'utf8') });
  let run = await call(server, 'POST', '/runs', { experimentId: experiment.id, datasetId: dataset.id });
  const quiet = flags.has('--quiet');
  if (!quiet) process.stderr.write(`radsweep: run ${run.id} queued on ${server} (experiment ${experiment.name} v${experiment.version})\n`);
  while (!['succeeded', 'failed', 'cancelled'].includes(run.status)) {
    await new Promise((r) => setTimeout(r, 1000));
    run = await call(server, 'GET', `/runs/${run.id}`);
    if (!quiet) process.stderr.write(`\rradsweep: ${run.status} ${run.tasksDone}/${run.tasksTotal} tasks, ${run.fitsDone}/${run.fitsTotal} fits   `);
  }
  if (!quiet) process.stderr.write('\n');
  if (run.status !== 'succeeded') throw new RadSweepInputError(`run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}`);
  const results = await call(server, 'GET', `/runs/${run.id}/results.json`);
  if (values['--out']) {
    const out = resolve(values['--out']);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(results, null, 1) + '\n');
  }
  const board = await call(server, 'GET', `/runs/${run.id}/leaderboard?sort=cvAuc&limit=1000`);
  const lines = board.items.map((r: any) => `${r.featureSet.padEnd(20)} ${r.label.padEnd(28)} CV AUC ${fmt(r.cvAuc)}  test AUC ${fmt(r.testAuc)} [${fmt(r.testAucLower)}, ${fmt(r.testAucUpper)}]`);
  process.stdout.write(`Run ${run.id} on ${server}\n${lines.join('\n')}\n`);
  return 0;
}

const fmt = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3));
