import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files of the embedded store are the server user's alone: folders 0700, files
 * 0600, so another local account can neither read the database nor reach its
 * socket.
 */

/** `<dataDir>.run`: the owner's lock file and the database socket. */
export function runDirOf(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}.run`;
}

/** Creates `dir` (and missing parents) 0700, or makes an existing one of ours 0700; refuses another user's. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (process.getuid && st.uid !== process.getuid()) {
    throw new Error(`${dir} belongs to another user (uid ${st.uid}); the server needs a data directory of its own`);
  }
  if ((st.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  return dir;
}

/** Writes `text` to a new 0600 file (an old file of any mode is replaced, not reused). */
export function writePrivateFile(file: string, text: string): void {
  rmSync(file, { force: true });
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
}

/** Folders 0700 and files 0600 under `root` (a data folder written by an older version or by PGlite's initdb). */
export function restrictTree(root: string): void {
  const st = lstatSync(root);
  if (st.isSymbolicLink()) return;
  const wanted = st.isDirectory() ? 0o700 : 0o600;
  if ((st.mode & 0o777) !== wanted) chmodSync(root, wanted);
  if (st.isDirectory()) for (const name of readdirSync(root)) restrictTree(join(root, name));
}

/**
 * Makes files this process creates from now on private (umask 077) and returns
 * how to undo it. Worker threads cannot change the umask: there the folders'
 * 0700 alone keeps other users out.
 */
export function privateUmask(): () => void {
  try {
    const previous = process.umask(0o077);
    return () => process.umask(previous);
  } catch {
    return () => undefined;
  }
}
