import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseOptions, RadSweepInputError } from '@radsweep/core';
import { checklistHtml, checklistMarkdown, readTable, runChecklists, tableProfile, type DataProfile, type ExperimentResults, type SurvivalExperimentResults } from '@radsweep/pipeline';
import { writeWhole } from './locked-commands';

/**
 * `radsweep checklist <results.json> --out <file.md|file.html> [--data <file>] [--format md|html]`: the run's
 * TRIPOD+AI and CLAIM checklists. Missing cells are counted in the run's data file (its path in the results,
 * or --data), used only when its sha256 is the run's; without it the missing-data item stays for the authors.
 */
export async function checklistCommand(argv: string[]): Promise<number> {
  const { positional, values } = parseOptions(argv, 'checklist', ['--out', '--data', '--format']);
  if (positional.length !== 1) throw new RadSweepInputError(`'checklist' needs one results file (from 'radsweep run --out'), got ${positional.length}`);
  const out = values['--out'];
  if (!out) throw new RadSweepInputError("'checklist' needs --out <file.md|file.html>", '--out');
  const format = values['--format'] ?? (out.toLowerCase().endsWith('.html') ? 'html' : 'md');
  if (format !== 'md' && format !== 'html') throw new RadSweepInputError(`--format must be md or html, got '${format}'`, '--format');
  const file = positional[0];
  let results: ExperimentResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults;
  } catch (e) {
    throw new RadSweepInputError(`cannot read the results file: ${e instanceof Error ? e.message : String(e)}`, file);
  }
  const survival = (results as { kind?: string }).kind === 'survival';
  if (results.format !== 'radsweep-results' || !results.dataset || !results.settings || !(survival ? (results as unknown as SurvivalExperimentResults).endpoints : results.split)) {
    throw new RadSweepInputError("not a RadSweep results file (written by 'radsweep run --out')", file);
  }
  const profile = await dataProfile(results, file, values['--data']);
  const title = `Reporting checklists: ${results.experiment.name}`;
  const lists = runChecklists(results as ExperimentResults | SurvivalExperimentResults, profile);
  writeWhole(out, format === 'html' ? checklistHtml(lists, title) : checklistMarkdown(lists, title));
  const [tripod, claim] = lists;
  process.stdout.write(
    `${out}: TRIPOD+AI ${tripod.counts.filled} filled, ${tripod.counts.partial} partly, ${tripod.counts.person} for the authors; ` +
      `CLAIM ${claim.counts.filled} filled, ${claim.counts.partial} partly, ${claim.counts.person} for the authors` +
      `${profile ? '' : ' (missing cells not counted: the run\'s data file was not found; give --data)'}\n`,
  );
  return 0;
}

async function dataProfile(results: ExperimentResults, resultsFile: string, dataOption: string | undefined): Promise<DataProfile | undefined> {
  const candidates = dataOption ? [dataOption] : [resolve(results.dataset.path), resolve(dirname(resultsFile), results.dataset.path)];
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    if (dataOption) throw new RadSweepInputError('file not found', dataOption);
    return undefined;
  }
  const table = await readTable(path);
  if (table.sha256 !== results.dataset.sha256) {
    const message = `this data file's sha256 ${table.sha256.slice(0, 12)}... is not the run's ${results.dataset.sha256.slice(0, 12)}...: the file changed since the run`;
    if (dataOption) throw new RadSweepInputError(message, path);
    return undefined;
  }
  return tableProfile(table);
}
