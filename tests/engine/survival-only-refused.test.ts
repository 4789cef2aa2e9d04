import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPO } from './support';

/**
 * A survival run asked for one endpoint x feature set the experiment lacks (a server task's `only`) is
 * refused before any worker thread starts: the process ends by itself after the error (a pool started
 * first and never closed would keep it alive until the test's timeout).
 */
describe('runSurvivalExperiment with an unknown `only`', () => {
  for (const only of [{ endpoint: 'nope', featureSet: 'clinical' }, { endpoint: 'rfs', featureSet: 'nope' }]) {
    it(`refuses ${JSON.stringify(only)} naming it, and leaves no worker thread running`, async () => {
      const script = `
        const { loadExperiment, runSurvivalExperiment } = require('./libs/pipeline/src/index.ts');
        (async () => {
          const exp = await loadExperiment('examples/survival.yaml');
          try { await runSurvivalExperiment(exp, { workers: 2, only: ${JSON.stringify(only)} }); console.log('ran'); }
          catch (e) { console.log('refused: ' + e.message); }
        })();`;
      const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: REPO, env: { ...process.env, SWC_NODE_PROJECT: `${REPO}/tsconfig.json` } });
      onTestFinished(() => void child.kill()); // a hung child (the fault this test is for) must not outlive it
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(out).toMatch(only.endpoint === 'nope' ? /refused: .*no endpoint named 'nope'/ : /refused: .*no featureSet named 'nope'/);
      expect(code).toBe(0);
    }, 120_000);
  }
});
