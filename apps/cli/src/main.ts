import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { ResolvedExperiment, cvSplitCount, loadExperiment, prepareStudy, prepareSurvivalStudy, runExperiment, runSurvivalExperiment } from '@radsweep/pipeline';
import { COMMAND_USAGE, Command, USAGE, helpTopic, parseArgs } from './args';
import { formatLeaderboards } from './leaderboard';
import { formatSurvivalLeaderboards } from './survival-leaderboard';
import { ProgressPrinter } from './progress-printer';
import { runServerCommand } from './server-commands';
import { writeKeptModels } from './kept-models';
import { checklistCommand } from './checklist-command';
import { isModelValidation, lockCommand, predictCommand, validateModelCommand } from './locked-commands';

/**
 * `radsweep`: run or validate an experiment. Exit codes: 0 success, 2 an input
 * error (bad file, column, key or option: message only), 1 anything else (one
 * line; the stack with RADSWEEP_DEBUG=1).
 */
export async function main(argv: string[]): Promise<number> {
  try {
    // extract prints its own longer help (manifest and parameter file formats)
    if (argv[0] === 'extract') return await (require('./extract-command') as typeof import('./extract-command')).extractCommand(argv.slice(1));
    const topic = helpTopic(argv);
    const toServer = argv.some((a) => a === '--server' || a.startsWith('--server='));
    if (!topic && toServer && (argv[0] === 'lock' || argv[0] === 'validate')) return await runServerCommand(argv[0] === 'lock' ? 'lockRemote' : 'validateRemote', argv.slice(1));
    if (!topic && argv[0] === 'lock') return await lockCommand(argv.slice(1));
    if (!topic && argv[0] === 'predict') return await predictCommand(argv.slice(1));
    if (!topic && argv[0] === 'checklist') return await checklistCommand(argv.slice(1));
    if (!topic && argv[0] === 'validate' && isModelValidation(argv.slice(1))) return await validateModelCommand(argv.slice(1));
    if (topic) {
      process.stdout.write(`Usage:\n${COMMAND_USAGE[topic]}`);
      return 0;
    }
    // Server commands load NestJS/TypeORM lazily, so the offline CLI starts fast.
    if (argv[0] === 'serve' || argv[0] === 'worker' || argv[0] === 'migrate' || argv[0] === 'user' || argv[0] === 'results') {
      return await runServerCommand(argv[0], argv.slice(1));
    }
    if (argv[0] === 'run' && toServer) return await runServerCommand('submit', argv.slice(1));
    const cmd = parseArgs(argv);
    if (cmd.command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (cmd.command === 'version') {
      process.stdout.write(`radsweep ${require('../../../package.json').version}\n`);
      return 0;
    }
    if (cmd.command === 'validate') return await validate(cmd);
    return await run(cmd);
  } catch (e) {
    return reportError(e);
  }
}

async function validate(cmd: Extract<Command, { command: 'validate' }>): Promise<number> {
  const exp = loadExperiment(cmd.experiment, { dataPath: cmd.data, testIdsPath: cmd.testIds });
  if (exp.endpoints) return validateSurvival(cmd.experiment, exp);
  const study = await prepareStudy(exp);
  const configs = exp.models.reduce((s, m) => s + m.configs.length, 0);
  const splits = cvSplitCount(exp.cv);
  const ds = study.dataset;
  const lines = [
    `${cmd.experiment}: valid`,
    `  data: ${exp.dataset.shown} (${ds.ids.length} rows, ${ds.positives} positive, positive class ${exp.dataset.labelColumn} = ${exp.dataset.positiveClass})`,
    `  split: ${study.trainRows.length} train / ${study.testRows.length} test; CV: ${splits} splits`,
    ...study.featureSets.map((fs) => `  feature set '${fs.name}': ${fs.features.length} columns`),
    `  models: ${exp.models.length}, configurations: ${configs}, fits per feature set: ${configs * splits} + ${exp.models.length} refits`,
    ...(exp.leaky ? ['  LEAKY: leakyReplicateAsPublished is on: selection will be fitted on all rows, test rows included'] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

async function validateSurvival(file: string, exp: ResolvedExperiment): Promise<number> {
  const study = await prepareSurvivalStudy(exp);
  const configs = exp.models.reduce((s, m) => s + m.configs.length, 0);
  const splits = cvSplitCount(exp.cv);
  const lines = [
    `${file}: valid`,
    `  data: ${exp.dataset.shown} (${study.dataset.ids.length} rows)`,
    ...study.endpoints.map(
      (e) =>
        `  endpoint '${e.endpoint.name}' (survival): ${e.outcome.events} events, ${e.outcome.competing} competing; split ${e.trainRows.length} train / ${e.testRows.length} test; horizons ${e.endpoint.horizons.join(', ')}`,
    ),
    ...study.featureSets.map((fs) => `  feature set '${fs.name}': ${fs.features.length} columns`),
    `  survival models: ${exp.models.length}, configurations: ${configs}, fits per endpoint and feature set: ${configs * splits} + ${exp.models.length} refits`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

async function run(cmd: Extract<Command, { command: 'run' }>): Promise<number> {
  const exp = loadExperiment(cmd.experiment, { dataPath: cmd.data, testIdsPath: cmd.testIds });
  const printer = cmd.quiet ? null : new ProgressPrinter();
  let results;
  try {
    const options = { workers: cmd.workers, onProgress: printer?.update, keepModels: cmd.keepModels !== undefined };
    results = exp.endpoints ? await runSurvivalExperiment(exp, options) : await runExperiment(exp, options);
  } finally {
    printer?.finish();
  }
  if (cmd.keepModels && cmd.out) {
    writeKeptModels(results, cmd.keepModels, cmd.out);
  }
  if (cmd.out) {
    const out = resolve(cmd.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(results, null, 1) + '\n');
    if (!cmd.quiet) process.stderr.write(`radsweep: results written to ${cmd.out}\n`);
  }
  process.stdout.write('endpoints' in results ? formatSurvivalLeaderboards(results) : formatLeaderboards(results));
  if (!cmd.quiet) process.stderr.write(`radsweep: done in ${(results.timings.totalMs / 1000).toFixed(1)} s with ${results.workers} worker(s)\n`);
  return 0;
}

function reportError(e: unknown): number {
  if (e instanceof RadSweepInputError) {
    process.stderr.write(`radsweep: error: ${e.message}\n`);
    return 2;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`radsweep: internal error: ${message.split('\n')[0]}${process.env.RADSWEEP_DEBUG === '1' ? '' : ' (set RADSWEEP_DEBUG=1 for the stack)'}\n`);
  if (process.env.RADSWEEP_DEBUG === '1' && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return 1;
}

// Runs when started as the program (bin/radsweep.js requires this file), not when a test imports main().
if (require.main === module || require.main?.filename.endsWith('radsweep.js')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
