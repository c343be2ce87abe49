import { copyFile, mkdtemp, open, readFile, readdir, rename, rm, statfs, unlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_MANIFEST_FILE_NAME, type BackupManifest } from '../../../shared/backup';
import type { RecoverySheet } from '../../../shared/vault';
import { LATEST_SCHEMA_VERSION } from '../../../electron/database/migrations';
import { backUpNow, chooseBackupFolder } from '../backups/backup-support';
import { contentHash, makeBackup, rewriteManifest } from '../support/backup-fixture';
import { folderFingerprint, NEW_PASSPHRASE, openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

let vault: TempVault;
let sheet: RecoverySheet;
let backups: string;

beforeEach(async () => {
  vault = await openTempVault();
  sheet = await setUp(vault);
  backups = await mkdtemp(path.join(os.tmpdir(), 'alliance-backups-'));
});
afterEach(async () => {
  await vault.dispose();
  await rm(backups, { recursive: true, force: true });
});

/** A patient with a session and a signed note for it; answers the patient's id. */
async function patientWithNote(familyName: string, day: string): Promise<string> {
  const patient = await vault.call('patients:create', { patient: patientInput({ familyName }) });
  const session = await vault.call('appointments:create', {
    appointment: {
      patientId: patient.id,
      start: `${day}T09:00:00.000Z`,
      durationMinutes: 50,
      kind: 'therapy',
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  const note = await vault.call('notes:create', {
    patientId: patient.id,
    template: 'psychiatric-follow-up',
    session: session.ref,
    serviceDate: day,
  });
  const saved = await vault.call('notes:saveDraft', {
    id: note.id,
    version: note.version,
    fields: { intervalHistory: 'Sleeping better.' },
    serviceDate: day,
  });
  await vault.call('notes:sign', { id: note.id, version: saved.version, signedBy: 'Dr Ana Reyes, MD' });
  return patient.id;
}

function backup(createdAt = new Date()): Promise<string> {
  return makeBackup({ dataDir: vault.dir, databaseKeyHex: sheet.databaseKeyHex, destination: backups, createdAt });
}

async function readManifest(folder: string): Promise<BackupManifest> {
  return JSON.parse(await readFile(path.join(folder, BACKUP_MANIFEST_FILE_NAME), 'utf8')) as BackupManifest;
}

/** The vault's files as they are at rest: locked, so its log is folded in and nothing is open. */
async function lockedFingerprint(): Promise<Record<string, string>> {
  await vault.call('vault:lock', {});
  const fingerprint = await folderFingerprint(vault.dir);
  await vault.call('vault:unlock', { passphrase: PASSPHRASE });
  return fingerprint;
}

async function chooseAndRestore(folder: string) {
  vault.chooseFolders(folder);
  const chosen = await vault.call('restore:chooseBackup', {});
  if (chosen.state === 'cancelled') throw new Error('the dialog was cancelled');
  return vault.call('restore:restore', { ticket: chosen.ticket });
}

describe('the restore drill', () => {
  it('opens a backup read-only beside the live vault, shows its counts and latest notes and sessions, and touches neither', async () => {
    await patientWithNote('Abernathy', '2026-11-02');
    await patientWithNote('Brightwater', '2026-11-20');
    const folder = await backup(new Date('2026-11-30T12:00:00.000Z'));
    await patientWithNote('Newcomer', '2026-11-29');
    const live = await lockedFingerprint();
    const backupBefore = await folderFingerprint(folder);

    vault.chooseFolders(folder);
    const opened = await vault.call('restore:chooseBackup', {});
    expect(opened.state).toBe('opened');
    if (opened.state !== 'opened') return;
    expect(opened.backup).toMatchObject({ folderName: path.basename(folder), createdAt: '2026-11-30T12:00:00.000Z', reason: 'manual' });
    expect(opened.contents.ofThisVault).toBe(true);
    expect(opened.contents.countsMatch).toBe(true);
    expect(opened.contents.counts.find((count) => count.table === 'patients')).toEqual({ table: 'patients', recorded: 2, found: 2 });
    expect(opened.contents.notes.map((note) => [note.serviceDate, note.patientName, note.template, note.signed])).toEqual([
      ['2026-11-20', 'Maren Brightwater', 'psychiatric-follow-up', true],
      ['2026-11-02', 'Maren Abernathy', 'psychiatric-follow-up', true],
    ]);
    expect(opened.contents.sessions.map((session) => [session.startUtc.slice(0, 10), session.patientName, session.kind])).toEqual([
      ['2026-11-20', 'Maren Brightwater', 'therapy'],
      ['2026-11-02', 'Maren Abernathy', 'therapy'],
    ]);
    await vault.call('restore:closeBackup', { ticket: opened.ticket });

    // Byte for byte, and not one file more: no journal, log or index was made beside the backup.
    expect(await folderFingerprint(folder)).toEqual(backupBefore);
    expect(await readdir(folder)).toEqual(['alliance.db', 'alliance.keys.json', 'manifest.json']);
    expect(await lockedFingerprint()).toEqual(live);
    // The live vault still holds the newer patient.
    expect((await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName)).toContain('Newcomer');
  });

  it('reads an encrypted copy in the data folder when SQLite would write beside the backup, and leaves no copy behind', async () => {
    await patientWithNote('Abernathy', '2026-11-02');
    const folder = await backup();
    // A journal beside the database (left by a tool that opened it): SQLite could roll it back into the file.
    await writeFile(path.join(folder, 'alliance.db-journal'), Buffer.alloc(512, 1));
    const backupBefore = await folderFingerprint(folder);
    vault.chooseFolders(folder);
    const opened = await vault.call('restore:chooseBackup', {});
    expect(opened.state === 'opened' && opened.contents.countsMatch).toBe(true);
    expect(opened.state === 'opened' && opened.contents.notes.map((note) => note.patientName)).toEqual(['Maren Abernathy']);
    expect(await folderFingerprint(folder)).toEqual(backupBefore);
    expect((await readdir(vault.dir)).filter((name) => name.startsWith('.alliance-drill-'))).toEqual([]);
  });

  it('asks for the passphrase of another vault’s backup, refuses a wrong one, and opens it with its recovery code', async () => {
    const other = await openTempVault();
    try {
      const otherSheet = await other.call('vault:prepareSetup', { passphrase: NEW_PASSPHRASE });
      await other.call('vault:confirmSetup', {});
      await other.call('patients:create', { patient: patientInput({ familyName: 'Elsewhere' }) });
      const folder = await makeBackup({ dataDir: other.dir, databaseKeyHex: otherSheet.databaseKeyHex, destination: backups });

      vault.chooseFolders(folder);
      const chosen = await vault.call('restore:chooseBackup', {});
      expect(chosen.state).toBe('needs-key');
      if (chosen.state === 'cancelled') return;
      const wrong = await vault.refuse('restore:openBackup', {
        ticket: chosen.ticket,
        secret: { kind: 'passphrase', passphrase: PASSPHRASE },
      });
      expect(wrong.code).toBe('WRONG_PASSPHRASE');
      expect(wrong.message).toContain('does not open this backup');
      const opened = await vault.call('restore:openBackup', {
        ticket: chosen.ticket,
        secret: { kind: 'recovery', recoveryCode: otherSheet.recoveryCode },
      });
      expect(opened.state).toBe('opened');
      if (opened.state !== 'opened') return;
      expect(opened.contents.ofThisVault).toBe(false);
      expect(opened.contents.counts.find((count) => count.table === 'patients')).toEqual({ table: 'patients', recorded: 1, found: 1 });
    } finally {
      await other.dispose();
    }
  });
});

describe('a restore', () => {
  it('gives back every row of every table as backed up, and keeps the replaced vault aside whole', async () => {
    const abernathy = await patientWithNote('Abernathy', '2026-11-02');
    // A consent and a disclosure: the row hash reads every table, these too.
    await vault.call('disclosures:record', {
      patientId: abernathy,
      item: 'record-pdf',
      itemId: null,
      parts: ['notes'],
      basis: {
        kind: 'exception',
        exception: 'required-by-law',
        reason: 'Court order 2026/17',
        recipient: { name: 'County Court', role: '', contact: '' },
      },
    });
    await vault.call('consents:record', {
      patientId: abernathy,
      recipient: { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: '' },
      parts: ['medications'],
      purpose: 'Shared care',
      validFrom: '2026-11-02',
      validUntil: null,
      givenAs: 'verbal',
    });
    // A letter, whose templates' versions come back too.
    await vault.call('letters:create', { patientId: abernathy, kind: 'patient', consentId: null, locale: 'en-GB' });
    // Backed up as the person does it: Settings' folder, then Back up now.
    await chooseBackupFolder(vault, backups);
    const folder = (await backUpNow(vault)).lastVerified?.folder ?? '';
    expect(path.dirname(folder)).toBe(backups);
    expect((await readManifest(folder)).tables).toMatchObject({ consents: 1, disclosures: 1, letters: 1, letter_template_versions: 4 });
    const backedUp = contentHash(path.join(folder, 'alliance.db'), sheet.databaseKeyHex);
    await patientWithNote('Newcomer', '2026-11-29');
    await vault.call('vault:lock', {});
    const replaced = contentHash(path.join(vault.dir, 'alliance.db'), sheet.databaseKeyHex);
    const replacedKeyFile = await readFile(path.join(vault.dir, 'alliance.keys.json'));
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });

    const status = await chooseAndRestore(folder);
    expect(status.state).toBe('locked');
    expect(status.restored?.backupCreatedAt).toBe((await readManifest(folder)).createdAt);
    const aside = status.restored?.setAsideFolder ?? '';
    expect(path.dirname(aside)).toBe(path.join(vault.dir, 'set-aside'));
    expect(path.basename(aside)).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-replaced-by-restore$/);
    expect(vault.events).toContainEqual({ type: 'vault:locked', reason: 'restored' });
    // The status says so until the restored vault is unlocked, after a restart too.
    expect((await vault.call('vault:status', {})).restored).toEqual(status.restored);
    const restarted = await openTempVault({ dir: vault.dir });
    try {
      expect((await restarted.call('vault:status', {})).restored).toEqual(status.restored);
    } finally {
      await restarted.core.close();
    }

    // The replaced vault, whole, in the dated folder: its records and its own key file.
    expect((await readdir(aside)).sort()).toEqual(['alliance.db', 'alliance.keys.json']);
    expect(contentHash(path.join(aside, 'alliance.db'), sheet.databaseKeyHex)).toBe(replaced);
    expect(await readFile(path.join(aside, 'alliance.keys.json'))).toEqual(replacedKeyFile);
    expect(existsSync(path.join(vault.dir, '.alliance-restore'))).toBe(false);

    // Nothing the restore left in the data folder (the set-aside vault included) holds a patient's name in clear.
    const files = await readdir(vault.dir, { recursive: true, withFileTypes: true });
    const clear = [];
    for (const file of files.filter((entry) => entry.isFile())) {
      const bytes = await readFile(path.join(file.parentPath, file.name));
      for (const marker of ['Abernathy', 'Newcomer']) {
        if (bytes.includes(Buffer.from(marker, 'utf8')) || bytes.includes(Buffer.from(marker, 'utf16le')))
          clear.push(`${file.name}: ${marker}`);
      }
    }
    expect(files.filter((entry) => entry.isFile()).length).toBeGreaterThanOrEqual(4);
    expect(clear).toEqual([]);

    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await vault.call('vault:status', {})).restored).toBeUndefined();
    expect(existsSync(path.join(vault.dir, '.alliance-restored.json'))).toBe(false);
    const names = (await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName);
    expect(names).toEqual(['Abernathy']);
    await vault.call('vault:lock', {});
    expect(contentHash(path.join(vault.dir, 'alliance.db'), sheet.databaseKeyHex)).toBe(backedUp);
  });

  it('of this vault, taken before a passphrase change, opens with the passphrase it was taken under', async () => {
    const folder = await backup();
    await vault.call('vault:changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    // Still this vault's backup (the recovery wrap never changes): no passphrase is asked to open or restore it.
    const status = await chooseAndRestore(folder);
    expect(status.restored).toBeDefined();
    expect((await vault.refuse('vault:unlock', { passphrase: NEW_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
  });

  it('puts another vault’s backup in place with its recovery code, and that vault’s passphrase opens it', async () => {
    const other = await openTempVault();
    let folder: string;
    let otherSheet: RecoverySheet;
    try {
      otherSheet = await other.call('vault:prepareSetup', { passphrase: NEW_PASSPHRASE });
      await other.call('vault:confirmSetup', {});
      await other.call('patients:create', { patient: patientInput({ familyName: 'Elsewhere' }) });
      folder = await makeBackup({ dataDir: other.dir, databaseKeyHex: otherSheet.databaseKeyHex, destination: backups });
    } finally {
      await other.dispose();
    }
    vault.chooseFolders(folder);
    const chosen = await vault.call('restore:chooseBackup', {});
    if (chosen.state === 'cancelled') throw new Error('cancelled');
    expect((await vault.refuse('restore:restore', { ticket: chosen.ticket })).code).toBe('BACKUP_REFUSED');
    await vault.call('restore:restore', { ticket: chosen.ticket, secret: { kind: 'recovery', recoveryCode: otherSheet.recoveryCode } });
    expect((await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await vault.call('vault:unlock', { passphrase: NEW_PASSPHRASE });
    expect((await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName)).toEqual(['Elsewhere']);
  });

  it('refuses a backup whose database its own key does not open, though its manifest is signed, and changes nothing', async () => {
    const folder = await backup();
    const other = await openTempVault();
    let otherKeyHex: string;
    try {
      otherKeyHex = (await other.call('vault:prepareSetup', { passphrase: NEW_PASSPHRASE })).databaseKeyHex;
      await other.call('vault:confirmSetup', {});
      await copyFile(path.join(other.dir, 'alliance.keys.json'), path.join(folder, 'alliance.keys.json'));
    } finally {
      await other.dispose();
    }
    // A writer that paired this vault's database with another vault's key file, and signed what it wrote.
    const manifest = await readManifest(folder);
    const { describeFile } = await import('../../../electron/features/backups/manifest');
    const files = [await describeFile(folder, 'alliance.db'), await describeFile(folder, 'alliance.keys.json')];
    await rewriteManifest(folder, { ...manifest, files }, otherKeyHex);
    const live = await lockedFingerprint();

    vault.chooseFolders(folder);
    const chosen = await vault.call('restore:chooseBackup', {});
    expect(chosen.state).toBe('needs-key');
    if (chosen.state === 'cancelled') return;
    const secret = { kind: 'passphrase', passphrase: NEW_PASSPHRASE } as const;
    const drill = await vault.refuse('restore:openBackup', { ticket: chosen.ticket, secret });
    expect(drill.code).toBe('BACKUP_REFUSED');
    expect(drill.message).toMatch(/cannot be read with the backup’s key/);
    const restore = await vault.refuse('restore:restore', { ticket: chosen.ticket, secret });
    expect(restore.code).toBe('BACKUP_REFUSED');
    expect(restore.message).toMatch(/cannot be read with the backup’s key/);
    expect(await lockedFingerprint()).toEqual(live);
    expect(existsSync(path.join(vault.dir, '.alliance-restore'))).toBe(false);
  });

  describe('refuses, naming the problem, and changes nothing', () => {
    let folder: string;
    let live: Record<string, string>;

    beforeEach(async () => {
      await patientWithNote('Abernathy', '2026-11-02');
      folder = await backup();
      live = await lockedFingerprint();
    });

    async function expectRefused(words: RegExp, code = 'BACKUP_REFUSED') {
      const backupBefore = await folderFingerprint(folder);
      vault.chooseFolders(folder);
      const drill = await vault.refuse('restore:chooseBackup', {});
      expect(drill.code).toBe(code);
      expect(drill.message).toMatch(words);
      // The restore checks again, whatever the drill said before.
      expect((await vault.call('vault:status', {})).state).toBe('unlocked');
      expect(await lockedFingerprint()).toEqual(live);
      expect(await folderFingerprint(folder)).toEqual(backupBefore);
      expect(existsSync(path.join(vault.dir, '.alliance-restore'))).toBe(false);
      expect(existsSync(path.join(vault.dir, 'set-aside'))).toBe(false);
    }

    it('a backup from a newer version of the app', async () => {
      const manifest = await readManifest(folder);
      await rewriteManifest(folder, { ...manifest, schemaVersion: LATEST_SCHEMA_VERSION + 1 }, sheet.databaseKeyHex);
      await expectRefused(/newer version of Alliance.*schema/);
    });

    it('a manifest changed without the key', async () => {
      const manifest = await readManifest(folder);
      await rewriteManifest(folder, { ...manifest, tables: { ...manifest.tables, patients: 7 } });
      await expectRefused(/manifest\.json was changed/);
    });

    it('a missing database', async () => {
      await unlink(path.join(folder, 'alliance.db'));
      await expectRefused(/missing alliance\.db/);
    });

    it('a damaged database (one byte changed)', async () => {
      const file = path.join(folder, 'alliance.db');
      const bytes = await readFile(file);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
      await writeFile(file, bytes);
      await expectRefused(/alliance\.db does not match its manifest/);
    });

    it('a key file that is not the backup’s own', async () => {
      const other = await openTempVault();
      try {
        await other.call('vault:prepareSetup', { passphrase: NEW_PASSPHRASE });
        await other.call('vault:confirmSetup', {});
        await copyFile(path.join(other.dir, 'alliance.keys.json'), path.join(folder, 'alliance.keys.json'));
      } finally {
        await other.dispose();
      }
      await expectRefused(/alliance\.keys\.json is \d+ bytes|alliance\.keys\.json does not match/);
    });

    it('an unfinished (.partial) backup folder', async () => {
      const partial = `${folder}.partial`;
      await rename(folder, partial);
      folder = partial;
      await expectRefused(/never finished/);
    });

    it('a backup damaged after it was looked at, when the restore itself checks it', async () => {
      vault.chooseFolders(folder);
      const chosen = await vault.call('restore:chooseBackup', {});
      if (chosen.state === 'cancelled') throw new Error('cancelled');
      const file = path.join(folder, 'alliance.db');
      const bytes = await readFile(file);
      bytes[5000] = (bytes[5000] ?? 0) ^ 0x01;
      await writeFile(file, bytes);
      const refusal = await vault.refuse('restore:restore', { ticket: chosen.ticket });
      expect(refusal.code).toBe('BACKUP_REFUSED');
      expect(refusal.message).toMatch(/alliance\.db does not match its manifest/);
      expect((await vault.call('vault:status', {})).state).toBe('unlocked');
      expect(await lockedFingerprint()).toEqual(live);
      expect(existsSync(path.join(vault.dir, '.alliance-restore'))).toBe(false);
    });
  });
});

describe('a restore onto a full disk', () => {
  /** Root may mount a small tmpfs; elsewhere the case cannot be staged. */
  const canMount = process.platform === 'linux' && process.getuid?.() === 0;

  it.skipIf(!canMount)('is refused with the space it needs, and the vault and its folder are as they were', async () => {
    const disk = await mkdtemp(path.join(os.tmpdir(), 'alliance-restore-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8192k,mode=0700', 'tmpfs', disk]);
    const small = await openTempVault({ dir: path.join(disk, 'vault') });
    try {
      const smallSheet = await setUp(small);
      await small.call('patients:create', { patient: patientInput({ familyName: 'Abernathy' }) });
      const folder = await makeBackup({ dataDir: small.dir, databaseKeyHex: smallSheet.databaseKeyHex, destination: backups });
      await small.call('patients:create', { patient: patientInput({ familyName: 'Newcomer' }) });
      // Leave less room than the copy of the database needs.
      const filler = await open(path.join(disk, 'filler.bin'), 'w');
      try {
        const { size } = await import('node:fs/promises').then((fs) => fs.stat(path.join(folder, 'alliance.db')));
        const { bavail, bsize } = await statfs(disk);
        await filler.write(Buffer.alloc(Math.max(0, bavail * bsize - Math.floor(size / 2)), 7));
      } finally {
        await filler.close();
      }
      small.chooseFolders(folder);
      const chosen = await small.call('restore:chooseBackup', {});
      if (chosen.state === 'cancelled') throw new Error('cancelled');
      const before = await folderFingerprint(small.dir);
      const refusal = await small.refuse('restore:restore', { ticket: chosen.ticket });
      expect(refusal.code).toBe('DISK_FULL');
      expect(refusal.message).toMatch(/too full for a copy of the backup \(about \d+ MB\).*Nothing was changed/);
      expect(await folderFingerprint(small.dir)).toEqual(before);
      expect(existsSync(path.join(small.dir, '.alliance-restore'))).toBe(false);
      expect((await small.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName).sort()).toEqual([
        'Abernathy',
        'Newcomer',
      ]);
    } finally {
      await small.core.close();
      execFileSync('umount', [disk]);
      await rm(disk, { recursive: true, force: true });
    }
  });
});
