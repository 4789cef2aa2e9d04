import { defineConfig } from 'vitest/config';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

const lib = (name: string) => resolve(root, `libs/${name}/src/index.ts`);

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
    include: ['tests/**/*.test.ts', 'libs/**/*.test.ts', 'apps/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one fewer than the cores: one file at a time on this 2-core machine kind, although
    // most files spend their time waiting on servers, queues and browsers; two at a time keeps both cores busy
    maxWorkers: 2,
  },
});
