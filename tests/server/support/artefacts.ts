import { readdirSync } from 'node:fs';

/** Files left under an artefact folder (its two-hex-digit subfolders). */
export function artefactFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? readdirSync(`${dir}/${d.name}`) : []));
}
