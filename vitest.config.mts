import { configDefaults, defineConfig } from 'vitest/config';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileOrderSequencer } from './tests/support/file-order-sequencer.mjs';
import { SHARED_TEST_DIRS } from './tests/support/test-projects.mjs';

const root = dirname(fileURLToPath(import.meta.url));

const lib = (name: string) => resolve(root, `libs/${name}/src/index.ts`);

/**
 * Test files that only compute (no server, store, browser or process-wide state they leave changed): they run in
 * the 'shared' project, whose forks load the TypeScript libraries once and keep them for file after file
 * (`isolate: false`). Each file in a fork of its own re-imported and re-transformed them: ~250 s of the
 * suite's CPU went to imports while the files' tests took ~500 s (README, Tests).
 */
const sharedFiles = SHARED_TEST_DIRS.map((dir) => `tests/${dir}/**/*.test.ts`);

export default defineConfig({
  resolve: {
    alias: {
      '@radsweep/api-contract': lib('api-contract'),
      '@radsweep/core': lib('core'),
      '@radsweep/classifiers': lib('classifiers'),
      '@radsweep/pipeline': lib('pipeline'),
      '@radsweep/metrics': lib('metrics'),
      '@radsweep/survival': lib('survival'),
      '@radsweep/radiomics': lib('radiomics'),
    },
  },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one fewer than the cores: one file at a time on this 2-core machine kind, although
    // most files spend their time waiting on servers, queues and browsers; two at a time keeps both cores busy
    maxWorkers: 2,
    // one project's files after the other's (a shared fork is reused only while the next file in the queue is of
    // its project), each project's longest first; the many short compute files last, so both workers end together
    sequence: { sequencer: fileOrderSequencer(['isolated', 'shared']) },
    projects: [
      { extends: true, test: { name: 'shared', include: sharedFiles, isolate: false } },
      {
        extends: true,
        // servers, stores, the CLI as a process, browsers: a fresh fork per file, as before
        test: { name: 'isolated', include: ['tests/**/*.test.ts', 'libs/**/*.test.ts', 'apps/**/*.test.ts'], exclude: [...configDefaults.exclude, ...sharedFiles] },
      },
    ],
  },
});
