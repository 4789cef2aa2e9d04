import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_USAGE } from '../../apps/cli/src/args';
import { main } from '../../apps/cli/src/main';

const BIN = join(__dirname, '..', '..', 'bin', 'radsweep.js');

async function captured(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

describe('radsweep help and version', () => {
  it.each(['serve', 'worker', 'migrate', 'user', 'results', 'run', 'validate'])('`%s --help` prints that command\'s usage and exits 0 (starts nothing)', async (command) => {
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const { code, out, err } = await captured(argv);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toBe(`Usage:\n${COMMAND_USAGE[command]}`);
      expect(out).toContain(`radsweep ${command}`);
    }
  });

  it('`--help` lists every command', async () => {
    const { code, out } = await captured(['--help']);
    expect(code).toBe(0);
    for (const usage of Object.values(COMMAND_USAGE)) expect(out).toContain(usage);
  });

  it('`--version` as a program prints the version and a newline, exit 0', () => {
    const out = execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(out).toMatch(/^radsweep \d+\.\d+\.\d+\n$/);
  });

  it("the server README's quick start sets RADSWEEP_TOKEN before `run --server`", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'apps', 'server', 'README.md'), 'utf8');
    const quickStart = /## Quick start\n([\s\S]*?)\n## /.exec(readme)![1];
    expect(quickStart.indexOf('RADSWEEP_TOKEN=')).toBeGreaterThan(-1);
    expect(quickStart.indexOf('RADSWEEP_TOKEN=')).toBeLessThan(quickStart.indexOf('--server'));
  });
});
