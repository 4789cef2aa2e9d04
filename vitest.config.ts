import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

const lib = (name: string) => resolve(__dirname, `libs/${name}/src/index.ts`);

export default defineConfig({
  resolve: {
    alias: {
      '@radsweep/core': lib('core'),
      '@radsweep/classifiers': lib('classifiers'),
      '@radsweep/pipeline': lib('pipeline'),
      '@radsweep/metrics': lib('metrics'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'libs/**/*.test.ts', 'apps/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
