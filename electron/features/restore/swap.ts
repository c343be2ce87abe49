/**
 * Putting a backup in the vault's place so that, whenever the app is killed, either the old vault or
 * the restored one opens afterwards, never neither. As set-up does, everything is built first in a
 * folder of its own inside the data folder (`.alliance-restore`): the backup's two files, copied and
 * flushed to disk, then checked. Only then is the plan written (`restore.json`, flushed): from that
 * moment the restore is decided, and whoever finds the plan finishes it, by the same steps in the same
 * order (the vault's files into the dated set-aside folder, key file first; the staged database, then
 * the staged key file last, into place). Each step is a rename within the data folder, and each is
 * skipped when already done, so finishing twice, or after any step, ends the same way. Without the plan,
 * the staging folder is an unfinished copy: the vault was never touched, and the copy is removed.
 */
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SET_ASIDE_FOLDER } from '../../database/files/set-aside';
import { KEY_FILE_NAME, syncFolder } from '../../vault/keyfile';
import { markRestoredDevice } from '../sync/restored-device';

export const RESTORE_FOLDER = '.alliance-restore';
const PLAN_FILE_NAME = 'restore.json';
const DATABASE_FILE_NAME = 'alliance.db';
/** SQLite's companions of the database in WAL mode: they belong to the vault they sit beside. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

const planSchema = z.strictObject({
  /** The set-aside folder, relative to the data folder: where the replaced vault's files go. */
  setAsideFolder: z.string().regex(/^set-aside\/[0-9T-]+-replaced-by-restore(-\d+)?$/),
  backupCreatedAt: z.iso.datetime(),
});
export type RestorePlan = z.infer<typeof planSchema>;

/** The steps, named for the tests that stop a restore between any two of them. */
export type RestoreStep =
  'staging' | 'staged' | 'planned' | 'key-file-set-aside' | 'database-set-aside' | 'database-in-place' | 'key-file-in-place' | 'finished';
export type StepObserver = (step: RestoreStep) => void;

export function stagingDir(dataDir: string): string {
  return path.join(dataDir, RESTORE_FOLDER);
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `2026-12-01T14-05-09`, as the set-aside folders are named. */
function stamp(now: Date): string {
  return now.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** A fresh set-aside folder name: never one that already holds something. */
export function setAsideFolderFor(dataDir: string, now: Date): string {
  const base = `${SET_ASIDE_FOLDER}/${stamp(now)}-replaced-by-restore`;
  let name = base;
  for (let attempt = 2; existsSync(path.join(dataDir, name)); attempt += 1) name = `${base}-${attempt}`;
  return name;
}

/** Copies the backup's database and key file into the staging folder and flushes both to disk. */
export async function stageBackup(dataDir: string, backupFolder: string): Promise<string> {
  const staging = stagingDir(dataDir);
  await mkdir(staging, { mode: 0o700 });
  for (const name of [DATABASE_FILE_NAME, KEY_FILE_NAME]) {
    const target = path.join(staging, name);
    await copyFile(path.join(backupFolder, name), target, constants.COPYFILE_EXCL);
    await syncFile(target);
  }
  await syncFolder(staging);
  return staging;
}

/** The commit point: once this file is on disk, the restore is finished by whoever finds it. */
export async function writePlan(dataDir: string, plan: RestorePlan): Promise<void> {
  const file = path.join(stagingDir(dataDir), PLAN_FILE_NAME);
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(plan, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncFolder(stagingDir(dataDir));
}

async function readPlan(dataDir: string): Promise<RestorePlan | null> {
  let text: string;
  try {
    text = await readFile(path.join(stagingDir(dataDir), PLAN_FILE_NAME), 'utf8');
  } catch {
    return null;
  }
  try {
    return planSchema.parse(JSON.parse(text));
  } catch {
    // Written whole and flushed before any move, so a torn plan means nothing was moved yet.
    return null;
  }
}

async function moveIfPresent(from: string, to: string): Promise<boolean> {
  if (!existsSync(from)) return false;
  await rename(from, to);
  return true;
}

/**
 * Finishes a planned restore from wherever it stopped. A staged file still in the staging folder means
 * the vault's file of that name in the data folder (if any) is the old one, so it goes aside first.
 */
export async function finishRestore(dataDir: string, plan: RestorePlan, observe: StepObserver = () => undefined): Promise<void> {
  const staging = stagingDir(dataDir);
  const aside = path.join(dataDir, plan.setAsideFolder);
  await mkdir(aside, { recursive: true, mode: 0o700 });
  const stagedKey = path.join(staging, KEY_FILE_NAME);
  const stagedDatabase = path.join(staging, DATABASE_FILE_NAME);
  // The key file first: without it the old database is never opened again, and the old key never meets the new database.
  if (existsSync(stagedKey)) {
    await moveIfPresent(path.join(dataDir, KEY_FILE_NAME), path.join(aside, KEY_FILE_NAME));
    await syncFolder(dataDir);
    observe('key-file-set-aside');
  }
  if (existsSync(stagedDatabase)) {
    for (const name of [DATABASE_FILE_NAME, ...COMPANIONS.map((suffix) => DATABASE_FILE_NAME + suffix)]) {
      await moveIfPresent(path.join(dataDir, name), path.join(aside, name));
    }
    await syncFolder(aside);
    await syncFolder(dataDir);
    observe('database-set-aside');
    await rename(stagedDatabase, path.join(dataDir, DATABASE_FILE_NAME));
    await syncFolder(dataDir);
    observe('database-in-place');
  }
  // The key file last of all: its arrival is what makes the restored vault a vault.
  if (existsSync(stagedKey)) {
    // A restored vault that replicates becomes a new device of its vault at its first open.
    await markRestoredDevice(dataDir);
    await rename(stagedKey, path.join(dataDir, KEY_FILE_NAME));
    await syncFolder(dataDir);
    observe('key-file-in-place');
  }
  // Words for the unlock screen until the first unlock; a restore that cannot write them is still whole.
  await writeRestoredNote(dataDir, { backupCreatedAt: plan.backupCreatedAt, setAsideFolder: aside }).catch(() => undefined);
  await rm(path.join(staging, PLAN_FILE_NAME), { force: true });
  await rmdir(staging);
  await syncFolder(dataDir);
  observe('finished');
}

/**
 * What the next start does with a restore cut short: finishes it if its plan was written (answering
 * the plan, for the person to be told), or removes the unfinished copy (answering null; the vault
 * was never touched).
 */
export async function settleInterruptedRestore(dataDir: string): Promise<RestorePlan | null> {
  const staging = stagingDir(dataDir);
  if (!existsSync(staging)) return null;
  const plan = await readPlan(dataDir);
  if (!plan) {
    await rm(staging, { recursive: true, force: true });
    return null;
  }
  await finishRestore(dataDir, plan);
  return plan;
}

/**
 * Until the restored vault is first unlocked, the unlock screen says it is the backup's (its passphrase
 * opens it) and where the replaced vault went, even after a restart: a small note in the data folder,
 * written once the restore is finished and removed at the first unlock. It names a date and a folder, nothing clinical.
 */
const RESTORED_NOTE = '.alliance-restored.json';
const restoredNoteSchema = z.strictObject({ backupCreatedAt: z.iso.datetime(), setAsideFolder: z.string() });
export type RestoredNote = z.infer<typeof restoredNoteSchema>;

export async function writeRestoredNote(dataDir: string, note: RestoredNote): Promise<void> {
  const file = path.join(dataDir, RESTORED_NOTE);
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(note, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readRestoredNote(dataDir: string): Promise<RestoredNote | null> {
  try {
    return restoredNoteSchema.parse(JSON.parse(await readFile(path.join(dataDir, RESTORED_NOTE), 'utf8')));
  } catch {
    return null;
  }
}

export async function removeRestoredNote(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, RESTORED_NOTE), { force: true });
}
