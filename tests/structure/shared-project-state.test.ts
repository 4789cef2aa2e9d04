import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_TEST_DIRS } from '../support/test-projects.mjs';

/**
 * The files of the 'shared' project run one after the other in a fork that keeps its modules and process
 * (vitest.config.mts, `isolate: false`): what one file changes process-wide, the next file sees. So none of
 * them mocks modules or stubs globals, and whatever of the process a file does change (fake timers, spies,
 * environment variables) it puts back. A file that needs more belongs in the 'isolated' project.
 */
const TESTS = resolve(__dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** What a shared file must not do, or must undo in the same file. */
const RULES: { name: string; uses: RegExp; undoneBy?: RegExp }[] = [
  { name: 'module mocks', uses: /\bvi\.(mock|doMock|unmock|resetModules)\(/ },
  { name: 'stubbed globals or environment', uses: /\bvi\.(stubGlobal|stubEnv)\(/ },
  { name: 'working directory changes', uses: /\bprocess\.chdir\(/ },
  { name: 'globals set', uses: /\bglobalThis\.\w+\s*=[^=]/ },
  { name: 'fake timers', uses: /\bvi\.useFakeTimers\(/, undoneBy: /\bvi\.useRealTimers\(/ },
  { name: 'spies', uses: /\bvi\.spyOn\(/, undoneBy: /\.mockRestore\(|\bvi\.restoreAllMocks\(/ },
  { name: 'environment variables set', uses: /\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]|\bdelete process\.env\b/, undoneBy: /\bafterEach\(|\bafterAll\(|\bfinally\b/ },
];

/** Each rule a file breaks: it does the thing and (where the rule allows undoing it) never undoes it. */
function brokenRules(source: string): string[] {
  return RULES.filter((r) => r.uses.test(source) && !(r.undoneBy && r.undoneBy.test(source))).map((r) => r.name);
}

describe("the shared project's test files", () => {
  // this file names each forbidden call in its own check of the rules
  const files = SHARED_TEST_DIRS.flatMap((dir) => testFiles(join(TESTS, dir))).filter((f) => f !== __filename);

  it('are found in every shared directory', () => {
    for (const dir of SHARED_TEST_DIRS) expect(files.some((f) => relative(TESTS, f).startsWith(`${dir}/`)), dir).toBe(true);
  });

  it('leave no module mock, global, working directory, timer, spy or environment variable changed', () => {
    const broken = files.flatMap((f) => brokenRules(readFileSync(f, 'utf8')).map((rule) => `${relative(TESTS, f)}: ${rule}`));
    expect(broken).toEqual([]);
  });

  it('the check itself catches each rule', () => {
    expect(brokenRules("vi.mock('node:fs');")).toEqual(['module mocks']);
    expect(brokenRules("vi.stubEnv('TZ', 'UTC');")).toEqual(['stubbed globals or environment']);
    expect(brokenRules("process.chdir('/tmp');")).toEqual(['working directory changes']);
    expect(brokenRules('globalThis.fetch = f;')).toEqual(['globals set']);
    expect(brokenRules('vi.useFakeTimers();')).toEqual(['fake timers']);
    expect(brokenRules('vi.useFakeTimers(); afterEach(() => vi.useRealTimers());')).toEqual([]);
    expect(brokenRules("const s = vi.spyOn(a, 'b');")).toEqual(['spies']);
    expect(brokenRules("const s = vi.spyOn(a, 'b'); s.mockRestore();")).toEqual([]);
    expect(brokenRules("process.env.RADSWEEP_KERNELS = 'js';")).toEqual(['environment variables set']);
    expect(brokenRules("process.env['X'] = 'js';")).toEqual(['environment variables set']);
    expect(brokenRules('delete process.env.X;')).toEqual(['environment variables set']);
    expect(brokenRules("afterEach(() => { delete process.env.X; }); process.env.X = 'js';")).toEqual([]);
    expect(brokenRules("if (process.env.X === 'js') f(); spawn(cmd, { env: { ...process.env, X: '1' } });")).toEqual([]);
  });
});
