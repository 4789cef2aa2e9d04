import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order the test files are handed to the two workers (vitest.config.mts): the projects in the order given,
 * then within each the longest file first by tests/support/file-durations.json (seconds per file of a whole
 * run; `node scripts/test-file-durations.mjs <vitest json report>` rewrites it), so that the last files to
 * start are short and both workers finish together. A file not listed there goes first: it may be long.
 * vitest's own order (its results cache, else the largest file first) is lost with node_modules on every
 * `npm ci`, and by size the 180 s random-survival-forest file came last.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const DURATIONS: Record<string, number> = JSON.parse(readFileSync(resolve(HERE, 'file-durations.json'), 'utf8'));

export function fileOrderSequencer(projects: readonly string[]): typeof BaseSequencer {
  const projectRank = (s: TestSpecification) => projects.indexOf(s.project.name);
  const seconds = (s: TestSpecification) => DURATIONS[relative(ROOT, s.moduleId)] ?? Infinity;
  return class FileOrderSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return [...files].sort((a, b) => projectRank(a) - projectRank(b) || seconds(b) - seconds(a) || a.moduleId.localeCompare(b.moduleId));
    }
  };
}
