import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The server's own folders for uploads in flight and for local copies of
 * datasets: `<dataDir>.cache/uploads` and `<dataDir>.cache/datasets`, 0700
 * (files in them 0600), so no other user of the machine can read patient rows,
 * plant a dataset or block uploads (fixed /tmp paths allowed all three). With
 * dataDir 'memory://' they are in a fresh mkdtemp folder removed on close.
 */
export class DatasetDirs {
  readonly uploads: string;
  readonly datasets: string;

  private constructor(
    readonly root: string,
    private readonly temporary: boolean,
  ) {
    this.uploads = join(root, 'uploads');
    this.datasets = join(root, 'datasets');
    for (const dir of [root, this.uploads, this.datasets]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700); // a folder made earlier with a wider mode is narrowed
    }
    removeOrphanUploads(this.uploads);
  }

  static open(dataDir: string): DatasetDirs {
    if (dataDir.startsWith('memory://')) return new DatasetDirs(mkdtempSync(join(tmpdir(), 'radsweep-cache-')), true);
    return new DatasetDirs(`${dataDir.replace(/[\\/]+$/, '')}.cache`, false);
  }

  /** A new file name in the uploads folder, tagged with this process's pid (so a later start can remove it if this process died). */
  uploadPath(ext: string): string {
    return join(this.uploads, `${process.pid}-${randomUUID()}${ext}`);
  }

  /** Removes a temporary root (dataDir 'memory://') and this process's files left in the uploads folder. */
  close(): void {
    if (this.temporary) {
      rmSync(this.root, { recursive: true, force: true });
      return;
    }
    for (const name of safeList(this.uploads)) if (name.startsWith(`${process.pid}-`)) rmSync(join(this.uploads, name), { force: true });
  }
}

/** Upload files of processes that no longer run (killed mid-upload): nothing will ever read them. */
function removeOrphanUploads(dir: string): void {
  for (const name of safeList(dir)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) rmSync(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
