/**
 * Files the vault cannot use are moved, never deleted: into a dated folder inside the data folder,
 * where the person (or whoever helps them) can look at them later.
 */
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';

export const SET_ASIDE_FOLDER = 'set-aside';

export type SetAside = { folder: string; files: string[]; reason: string };

/** `2026-12-01T14-05-09` for a folder name that sorts by date and is valid on every system. */
function stamp(now: Date): string {
  return now.toISOString().slice(0, 19).replace(/:/g, '-');
}

/**
 * Moves the named entries of `dataDir` into `set-aside/<date>-<label>/`. A rename within one folder
 * tree: the bytes are not touched, and nothing is half-moved.
 */
export function setAside(dataDir: string, names: readonly string[], label: string, reason: string, now: Date = new Date()): SetAside {
  const base = path.join(dataDir, SET_ASIDE_FOLDER, `${stamp(now)}-${label}`);
  let folder = base;
  for (let attempt = 2; ; attempt += 1) {
    try {
      mkdirSync(folder, { recursive: false, mode: 0o700 });
      break;
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
        mkdirSync(path.dirname(folder), { recursive: true, mode: 0o700 });
        continue;
      }
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      folder = `${base}-${attempt}`;
    }
  }
  for (const name of names) renameSync(path.join(dataDir, name), path.join(folder, name));
  return { folder, files: [...names], reason };
}
