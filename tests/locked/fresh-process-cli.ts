import { main } from '../../apps/cli/src/main';

/**
 * Runs several `radsweep` commands one after another in this one process: a test spawns it (node with
 * @swc-node/register) as a fresh process, the stand-in for a restarted server or another machine that
 * loads files an earlier process wrote. argv[2]: a JSON list of argument lists. Exits with the first
 * non-zero exit code.
 */
async function runAll(commands: string[][]): Promise<number> {
  for (const args of commands) {
    const code = await main(args);
    if (code !== 0) return code;
  }
  return 0;
}

runAll(JSON.parse(process.argv[2]) as string[][]).then((code) => process.exit(code));
