import { describe, expect, it } from 'vitest';
import { RadSweepInputError, intOption, parseOptions } from '@radsweep/core';
import * as serverOptions from '../../apps/server/src/cli/options';
import { cli } from '../locked/support';

/** The one option parser of every subcommand (offline CLI and server alike): libs/core/src/command-options.ts. */
describe('parseOptions', () => {
  const parse = (argv: string[]) => parseOptions(argv, 'predict', ['--data', '--out'], ['--quiet']);
  const refusal = (argv: string[]) => {
    try {
      parse(argv);
    } catch (e) {
      expect(e).toBeInstanceOf(RadSweepInputError);
      return { message: (e as RadSweepInputError).message, where: (e as RadSweepInputError).where };
    }
    throw new Error('expected a refusal');
  };

  it('splits positional arguments, --name value, --name=value and flags; a repeated option keeps its last value', () => {
    expect(parse(['model.json', '--data', 'a.csv', '--out=p.csv', '--quiet', 'extra', '--data=b.csv'])).toEqual({
      positional: ['model.json', 'extra'],
      values: { '--data': 'b.csv', '--out': 'p.csv' },
      flags: new Set(['--quiet']),
    });
    expect(parse(['--out=a=b'])).toMatchObject({ values: { '--out': 'a=b' } });
  });

  it('refuses an unknown option listing the known ones, and a flag given a value, naming the argument', () => {
    expect(refusal(['--dat', 'a.csv'])).toMatchObject({ message: "--dat: unknown option '--dat' for 'predict'; known: --data, --out, --quiet", where: '--dat' });
    expect(refusal(['--quiet=yes']).message).toMatch(/unknown option '--quiet=yes'/);
  });

  it('refuses an option without its value: at the end, empty, or followed by another option', () => {
    for (const argv of [['--out'], ['--out='], ['--out', '--quiet']]) expect(refusal(argv)).toMatchObject({ message: '--out: option --out needs a value', where: '--out' });
  });

  it('intOption: absent, an integer >= min, or refused naming the option', () => {
    expect(intOption({}, '--workers', 0)).toBeUndefined();
    expect(intOption({ '--workers': '3' }, '--workers', 0)).toBe(3);
    for (const bad of ['-1', '2.5', 'x', '0', '99999999999999999999']) {
      expect(() => intOption({ '--workers': bad }, '--workers', 1)).toThrow(new RadSweepInputError(`expected an integer >= 1, got '${bad}'`, '--workers'));
    }
  });

  it('is the parser of the server subcommands and of the offline CLI commands (the same refusal text)', async () => {
    expect(serverOptions.parseOptions).toBe(parseOptions);
    expect(serverOptions.intOption).toBe(intOption);
    for (const command of [['run', 'exp.yaml', '--out', '--quiet'], ['predict', 'model.json', '--out', '--data', 'x.csv'], ['lock', 'results.json', '--out', '--model', 'x']]) {
      const r = await cli(command);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/option --out needs a value/);
    }
  });
});
