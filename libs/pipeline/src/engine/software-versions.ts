import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** The software that produced a results file or locked a model: RadSweep's version, Node, V8, platform and CPU. */
export function softwareVersions(): Record<string, string> {
  let radsweep = 'unknown';
  try {
    radsweep = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    // the version is informative only
  }
  return {
    radsweep,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: String(cpus().length),
  };
}
