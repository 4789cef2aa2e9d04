import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RadSweepInputError, intOption, parseOptions } from '@radsweep/core';
import { EXTRACTION_SOFTWARE, FEATURE_CLASSES, featureCsv, readManifest, readParams, runExtractionBatch, type CaseResult } from '@radsweep/radiomics';

export const EXTRACT_USAGE = `Usage: radsweep extract --manifest <cases.csv> --out <features.csv> [--params <params.yaml>] [--workers N] [--quiet]

  --manifest  CSV with columns id, image, mask (.nrrd, .nii, .nii.gz; relative to the manifest), optionally
              label and any clinical columns (copied beside the features)
  --params    pyradiomics-style parameter file: setting (pyradiomics' names, plus mode: pyradiomics | ibsi),
              imageType (Original, Wavelet), featureClass, rois (e.g. {lesion: 1, liver: 2}: columns
              lesion_original_..., liver_original_...)
  --out       the features, one row per case that succeeded; <out>.provenance.json records the parameter
              file and its sha256, the software version and each input file's sha256, and every failed case
  --workers   worker threads (default: one per core; 0 = in this thread)
`;

interface ExtractArgs {
  manifest: string;
  out: string;
  params?: string;
  workers?: number;
  quiet: boolean;
}

function parseExtractArgs(argv: string[]): ExtractArgs {
  const { values, flags, positional } = parseOptions(argv, 'extract', ['--manifest', '--out', '--params', '--workers'], ['--quiet']);
  if (positional.length > 0) throw new RadSweepInputError(`'extract' takes options only, got ${positional.join(' ')}\n${EXTRACT_USAGE}`, positional[0]);
  if (!values['--manifest'] || !values['--out']) throw new RadSweepInputError(`--manifest and --out are required\n${EXTRACT_USAGE}`);
  return { manifest: values['--manifest'], out: values['--out'], params: values['--params'], workers: intOption(values, '--workers', 0), quiet: flags.has('--quiet') };
}

/** `radsweep extract`: features of every manifest case into one CSV. Exit 0 when every case succeeded, 1 when some failed. */
export async function extractCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(EXTRACT_USAGE);
    return 0;
  }
  const args = parseExtractArgs(argv);
  const { cases, extraColumns } = readManifest(args.manifest);
  const params = args.params ? readParams(args.params) : null;
  const t0 = performance.now();
  const results = await runExtractionBatch(
    cases,
    params ?? { settings: {}, classes: [...FEATURE_CLASSES], imageTypes: ['original'], rois: null },
    {
      workers: args.workers,
      onCase: args.quiet ? undefined : (done, r) => process.stderr.write(`radsweep: extract ${done}/${cases.length} ${r.ok ? r.id : `FAILED ${r.error}`}\n`),
    },
  );
  const failed = results.filter((r): r is Extract<CaseResult, { ok: false }> => !r.ok);
  const table = featureCsv(cases, extraColumns, results);
  const out = resolve(args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, table.csv);
  const provenance = {
    software: EXTRACTION_SOFTWARE,
    params: args.params && params ? { file: resolve(args.params), sha256: params.sha256, text: params.text } : null,
    cases: results.map((r) => {
      const c = cases.find((x) => x.id === r.id)!;
      return r.ok ? { id: r.id, image: c.image, mask: c.mask, sha256: r.sha256 } : { id: r.id, image: c.image, mask: c.mask, error: r.error };
    }),
  };
  writeFileSync(`${out}.provenance.json`, JSON.stringify(provenance, null, 1) + '\n');
  for (const f of failed) process.stderr.write(`radsweep: error: ${f.error}\n`);
  if (!args.quiet) {
    process.stderr.write(
      `radsweep: ${table.rows} of ${cases.length} cases extracted (${table.featureColumns.length} features) in ${((performance.now() - t0) / 1000).toFixed(1)} s; written to ${args.out}\n`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}
