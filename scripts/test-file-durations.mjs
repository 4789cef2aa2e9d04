// Rewrites tests/support/file-durations.json (seconds per test file, the longest first) from vitest's results
// cache of the last runs (node_modules/.vite/vitest/<hash>/results.json), for tests/support/file-order-sequencer.mts.
// Run it after a whole `npx vitest run` on a quiet machine: node scripts/test-file-durations.mjs
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const cacheDir = 'node_modules/.vite/vitest';
const seconds = {};
for (const hash of readdirSync(cacheDir)) {
  const { results } = JSON.parse(readFileSync(join(cacheDir, hash, 'results.json'), 'utf8'));
  for (const [key, { duration }] of results) {
    const file = key.slice(key.indexOf(':') + 1); // '<project>:<file>'
    if (existsSync(file)) seconds[file] = Math.round(duration / 100) / 10;
  }
}
const sorted = Object.fromEntries(Object.entries(seconds).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
writeFileSync('tests/support/file-durations.json', `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`${Object.keys(sorted).length} files`);
