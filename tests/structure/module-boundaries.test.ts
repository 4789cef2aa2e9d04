import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBoundaryViolations, repositorySources } from './module-boundaries';

const ROOT = resolve(__dirname, '../..');

describe('module boundaries', () => {
  it('hold across the repository', () => {
    const files = repositorySources(ROOT);
    expect(files.length).toBeGreaterThan(200);
    const found = findBoundaryViolations(files).map((v) => `${v.file}:${v.line}: ${v.specifier}: ${v.rule}`);
    expect(found).toEqual([]);
  });

  it('catch a deliberate bad import of each kind', () => {
    const bad = [
      { path: 'libs/metrics/src/bad-a.ts', text: "import { DataSource } from 'typeorm';\n" },
      { path: 'libs/pipeline/src/engine/bad-b.ts', text: "import type { RunEntity } from '../../../../apps/server/src/runs/run.entity';\n" },
      { path: 'apps/dashboard/src/bad-c.ts', text: "export type { X } from '../../server/src/results/leaderboard-sql';\n" },
      { path: 'apps/cli/src/bad-d.ts', text: "const m = require('../../server/src/cli/serve');\n" },
      { path: 'apps/cli/src/bad-e.ts', text: 'const name = "serve";\nconst m = require(`../../server/src/cli/${name}`);\n' },
      { path: 'libs/core/src/bad-f.ts', text: "export async function f() {\n  return import('@nestjs/core');\n}\n" },
      { path: 'apps/server/src/bad-g.ts', text: "import { main } from '../../cli/src/main';\n" },
    ];
    const found = findBoundaryViolations(bad).map((v) => `${v.file}:${v.line}`);
    expect(found).toEqual([
      'libs/metrics/src/bad-a.ts:1',
      'libs/pipeline/src/engine/bad-b.ts:1',
      'apps/dashboard/src/bad-c.ts:1',
      'apps/cli/src/bad-d.ts:1',
      'apps/cli/src/bad-e.ts:2',
      'libs/core/src/bad-f.ts:2',
      'apps/server/src/bad-g.ts:1',
    ]);
  });

  it('let allowed imports through', () => {
    const fine = [
      { path: 'libs/pipeline/src/a.ts', text: "import { rng } from '@radsweep/core';\nimport { x } from './b';\n// import { DataSource } from 'typeorm';\n" },
      { path: 'apps/server/src/a.ts', text: "import { Injectable } from '@nestjs/common';\nimport { runExperiment } from '@radsweep/pipeline';\n" },
      { path: 'apps/dashboard/src/a.ts', text: "import type { SurvivalModelRecord } from '@radsweep/api-contract';\nconst u = 'http://x//y';\n" },
      { path: 'apps/cli/src/server-commands.ts', text: "const s = () => require('../../server/src/cli/serve');\n" },
      { path: 'tests/server/a.test.ts', text: "import { AppModule } from '../../apps/server/src/app.module';\n" },
    ];
    expect(findBoundaryViolations(fine)).toEqual([]);
  });
});
