/**
 * Call before starting worker threads whose entry loads TypeScript through @swc-node/register.
 *
 * Why: Node unloads (dlclose) a native addon when the last thread that loaded it exits. If only worker
 * threads loaded @swc/core's addon, the first pool's last worker exiting unloads it, and the next pool's
 * workers loading it again crash the whole process (SIGSEGV). Under vitest the test thread loads
 * TypeScript through vite, not swc, so the second pool in one test file killed the fork; a process started
 * with `node -r @swc-node/register` already holds the addon, which is why plain-node runs were fine.
 * Loading it once in this thread keeps it resident.
 */
export function keepSwcLoaded(): void {
  require('@swc/core');
}
