import { RadSweepInputError } from '@radsweep/core';
import { readLockedModel } from '@radsweep/pipeline';
import type { ExternalValidationDetail, LockedModelSummary, ValidationRequest } from '@radsweep/api-contract';
import { ApiClient, DEFAULT_RETRY_SECONDS } from './api-client';
import { intOption, parseOptions } from './options';
import { writeResultsFile } from './results';
import { writeFileSync } from 'node:fs';

function client(values: Record<string, string>): ApiClient {
  const server = values['--server'];
  if (!server) throw new RadSweepInputError('needs --server <url>', '--server');
  return new ApiClient(server, { retrySeconds: intOption(values, '--retry-seconds', 0) ?? DEFAULT_RETRY_SECONDS, onRetry: (m) => process.stderr.write(`radsweep: ${m}\n`) });
}

/**
 * `radsweep lock --server <url> <runId> <modelResultId> [--name <name>] [--out <model.json>]`: locks a model of
 * a finished server run (the server refits it and checks it reproduces the run bit for bit); with --out the
 * sealed file is downloaded, checked (sha256, schema) and written byte for byte.
 */
export async function lockRemoteCommand(argv: string[]): Promise<number> {
  const { values, positional } = parseOptions(argv, 'lock', ['--server', '--name', '--out', '--retry-seconds']);
  if (positional.length !== 2) throw new RadSweepInputError(`'lock --server' takes a run id and a model result id, got ${positional.length}${positional.length ? `: ${positional.join(' ')}` : ''}`);
  const api = client(values);
  const [runId, modelResultId] = positional.map(encodeURIComponent);
  const locked = (await api.send('POST', `/runs/${runId}/models/${modelResultId}/lock`, values['--name'] ? { name: values['--name'] } : {})) as LockedModelSummary;
  process.stdout.write(`${locked.id}\n`);
  process.stderr.write(`radsweep: locked ${locked.model} (${locked.featureSet}) as ${locked.id}, sha256 ${locked.sha256}; it reproduces the run's ${locked.verification.testPatients} test predictions bit for bit\n`);
  if (values['--out']) {
    const text = (await api.get(`/locked-models/${locked.id}/file`, true)) as string;
    const read = readLockedModel(text, 'downloaded locked model'); // refuses a file changed on the way
    if (read.sha256 !== locked.sha256) throw new RadSweepInputError(`the downloaded file's sha256 ${read.sha256} is not the locked model's ${locked.sha256}`, '--out');
    writeFileSync(values['--out'], text);
    process.stderr.write(`radsweep: locked model file written to ${values['--out']}\n`);
  }
  return 0;
}

/**
 * `radsweep validate --server <url> <lockedModelId> --dataset <datasetId> [--centre-column <c>]
 * [--recalibrate intercept|slope --recalibration-rows <column>=<value>] [--bootstrap N] [--seed S] [--out <report.json>]`:
 * launches an external validation on the server, follows it to its end and writes its report and predictions.
 */
export async function validateRemoteCommand(argv: string[]): Promise<number> {
  const { values, positional } = parseOptions(argv, 'validate', ['--server', '--dataset', '--centre-column', '--recalibrate', '--recalibration-rows', '--bootstrap', '--seed', '--out', '--retry-seconds']);
  if (positional.length !== 1) throw new RadSweepInputError(`'validate --server' takes one locked model id, got ${positional.length}`);
  const api = client(values);
  const datasetId = values['--dataset'];
  if (!datasetId) throw new RadSweepInputError('needs --dataset <dataset id> (an uploaded dataset of the project)', '--dataset');
  const kind = values['--recalibrate'];
  const rows = values['--recalibration-rows'];
  if ((kind === undefined) !== (rows === undefined)) throw new RadSweepInputError('--recalibrate and --recalibration-rows go together', kind ? '--recalibration-rows' : '--recalibrate');
  if (kind !== undefined && kind !== 'intercept' && kind !== 'slope') throw new RadSweepInputError(`expected intercept or slope, got '${kind}'`, '--recalibrate');
  const eq = rows?.indexOf('=') ?? -1;
  if (rows !== undefined && eq <= 0) throw new RadSweepInputError(`expected <column>=<value>, got '${rows}'`, '--recalibration-rows');
  const body: ValidationRequest = {
    datasetId,
    ...(values['--centre-column'] ? { centreColumn: values['--centre-column'] } : {}),
    ...(kind && rows ? { recalibration: { method: kind === 'intercept' ? 'intercept' : 'intercept-slope', fitOn: { column: rows.slice(0, eq), value: rows.slice(eq + 1) } } } : {}),
    ...(values['--bootstrap'] !== undefined ? { bootstrap: intOption(values, '--bootstrap', 0) } : {}),
    ...(values['--seed'] !== undefined ? { seed: intOption(values, '--seed', 0) } : {}),
  };
  const launched = await api.send('POST', `/locked-models/${encodeURIComponent(positional[0])}/validations`, body);
  process.stderr.write(`radsweep: validation ${launched.id} queued\n`);
  let v: ExternalValidationDetail;
  for (;;) {
    v = await api.get(`/validations/${launched.id}`);
    if (v.status === 'done' || v.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (v.status === 'failed') throw new RadSweepInputError(`validation ${v.id} failed: ${v.error}`, 'validation');
  if (values['--out']) process.stderr.write(`radsweep: validation report written to ${writeResultsFile(values['--out'], v)}\n`);
  const r = v.report!.results;
  const f = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
  if (r.kind === 'binary') {
    process.stdout.write(`pooled AUC ${f(r.pooled.test.auc)}\n`);
    for (const c of r.centres) process.stdout.write(`${c.centre} (n=${c.n}) AUC ${f(c.metrics?.test.auc)}${c.error ? ` (${c.error})` : ''}\n`);
  } else {
    process.stdout.write(`pooled Harrell C ${f(r.pooled.harrellC.estimate)}\n`);
    for (const c of r.centres) process.stdout.write(`${c.centre} (n=${c.n}) Harrell C ${f(c.metrics?.harrellC.estimate)}${c.error ? ` (${c.error})` : ''}\n`);
  }
  return 0;
}
