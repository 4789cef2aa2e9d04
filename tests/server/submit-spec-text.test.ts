import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { specTextForServer } from '../../apps/server/src/cli/submit';

const REPO = join(__dirname, '../..');

describe('radsweep run --server: the spec text sent', () => {
  it('leaves validation.external out (its files are on this machine) and keeps everything else, comments included', () => {
    const text = readFileSync(join(REPO, 'examples/survival.yaml'), 'utf8');
    expect(parse(text).validation.external).toHaveLength(1);
    const sent = specTextForServer(text, true);
    const spec = parse(sent);
    expect(spec.validation.external).toBeUndefined();
    const { external: _, ...validation } = parse(text).validation;
    expect(spec).toEqual({ ...parse(text), validation });
    expect(sent).toContain('# 3, 5 and 7 years');
  });

  it('sends a spec without external cohorts byte for byte', () => {
    const text = readFileSync(join(REPO, 'examples/seed-protocol.yaml'), 'utf8');
    expect(specTextForServer(text, true)).toBe(text);
  });
});
