import { realpathSync } from 'node:fs';
import { dirname, basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ForbiddenException } from '@nestjs/common';
import { RadSweepInputError } from '@radsweep/core';

/**
 * The server-side folders an administrator allows extractions to read (RADSWEEP_IMAGE_ROOTS: absolute
 * folders separated by ':' or ','), each as its real path. None set: no folder may be read.
 */
export function imageRootsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const text = env.RADSWEEP_IMAGE_ROOTS ?? '';
  const roots: string[] = [];
  for (const part of text.split(/[:,]/).map((s) => s.trim()).filter(Boolean)) {
    if (!isAbsolute(part)) throw new RadSweepInputError(`'${part}' is not an absolute folder`, 'RADSWEEP_IMAGE_ROOTS');
    try {
      roots.push(realpathSync(part));
    } catch (e) {
      throw new RadSweepInputError(`cannot use '${part}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'RADSWEEP_IMAGE_ROOTS');
    }
  }
  return roots;
}

/** A path as a request or manifest writes it: no `..` segment and no NUL, else 400 naming `where`. */
export function checkPathText(path: string, where: string): void {
  if (path.includes('\0')) throw new RadSweepInputError('a path may not contain NUL', where);
  if (path.split(/[\\/]/).includes('..')) throw new RadSweepInputError(`'${path}': '..' is not allowed in a path`, where);
}

const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The real path of `path` (symbolic links resolved) when it lies inside one of `roots`, with that root; a
 * path outside every root, or a link leading out of one, is 403 naming `where`. A file that does not exist
 * (yet) is resolved through its folder, so the case fails later with the file's own error.
 */
export function resolveInsideRoots(path: string, roots: readonly string[], where: string): { real: string; root: string } {
  if (roots.length === 0) throw new ForbiddenException(`${where}: no image folder is allowed on this server (an administrator sets RADSWEEP_IMAGE_ROOTS)`);
  const absolute = resolve(path);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    try {
      real = join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      real = absolute;
    }
  }
  const root = roots.find((r) => inside(r, real));
  if (!root) {
    throw new ForbiddenException(`${where}: '${path}' is outside the folders this server allows (RADSWEEP_IMAGE_ROOTS)`);
  }
  return { real, root };
}

/** `real` relative to `root`, for messages and stored names. */
export function underRoot(root: string, real: string): string {
  return relative(root, real) || '.';
}
