/**
 * Two devices of one vault replicating through a real PostgreSQL, each a real app core on its own
 * data folder, their loops running as in the app (tests/unit/support/sync-devices.ts): what one
 * records appears on the other, concurrent edits resolve alike on both, work done while the server
 * is down merges when it returns, and a revoked device receives nothing new.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../../shared/appointment';
import type { Patient } from '../../../shared/patient';
import type { Change } from '../../../electron/features/sync/apply';
import { openBatch } from '../../../electron/features/sync/batch-crypto';
import { revokeDevice } from '../../../electron/features/sync/server';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { adminClient, eventually, pairDevices, readLocked, type PairedDevices } from '../support/sync-devices';
import { startVaultChild } from '../support/child-process';
import { openTempVault, PASSPHRASE, patientInput, type TempVault } from '../support/temp-vault';

let cluster: PostgresCluster;
let devices: PairedDevices;
let laptop: TempVault;
let desktop: TempVault;

beforeAll(async () => {
  cluster = await startPostgres();
  devices = await pairDevices(cluster);
  ({ laptop, desktop } = devices);
}, 60_000);

/** Batches waiting for the desktop when it opens and is killed while pulling them. */
const PULLED = 20;
/** The desktop opened again after it was killed. */
const reopened: TempVault[] = [];

afterAll(async () => {
  await Promise.all(reopened.map((vault) => vault.dispose()));
  await devices?.dispose();
  await cluster?.stop();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Every change the server holds for the vault, opened with the vault's key, with the device that sent it. */
async function serverChanges(): Promise<{ deviceId: string; change: Change }[]> {
  const admin = adminClient(cluster);
  await admin.connect();
  const { rows } = await admin
    .query<{ device_id: Buffer; device_seq: string; ciphertext: Buffer }>(
      'SELECT device_id, device_seq, ciphertext FROM alliance.batches WHERE vault_id = $1 ORDER BY seq',
      [devices.vaultId],
    )
    .finally(() => admin.end());
  return rows.flatMap((row) => {
    const deviceId = row.device_id.toString('hex');
    const address = { vaultId: devices.vaultId, deviceId, deviceSeq: Number(row.device_seq) };
    const changes = JSON.parse(openBatch(devices.replicationKey, address, row.ciphertext).toString('utf8')) as Change[];
    return changes.map((change) => ({ deviceId, change }));
  });
}

async function book(vault: TempVault, patient: Patient, day: string): Promise<Appointment> {
  return vault.call('appointments:create', {
    appointment: {
      patientId: patient.id,
      start: `${day}T09:00:00.000Z`,
      durationMinutes: 50,
      kind: 'therapy',
      location: 'Room 2',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
}

const familyNames = async (vault: TempVault) =>
  (await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName).sort();
/** The patients made offline, each with its chart number. */
const offlineCharts = async (vault: TempVault): Promise<Record<string, number>> =>
  Object.fromEntries(
    (await vault.call('patients:list', { includeArchived: true }))
      .filter((patient) => patient.familyName.startsWith('Offline-'))
      .map((patient) => [patient.familyName, patient.chartNumber]),
  );

describe('two devices of one vault', () => {
  it('name each other, and say they are up to date', async () => {
    const [onLaptop, onDesktop] = await Promise.all([laptop.call('sync:syncNow', {}), desktop.call('sync:syncNow', {})]);
    expect(onLaptop).toMatchObject({ state: 'up-to-date', device: { name: 'Laptop' }, waiting: 0 });
    expect(onDesktop).toMatchObject({ state: 'up-to-date', device: { name: 'Office desktop' }, waiting: 0 });
    expect(onDesktop.device?.id).not.toBe(onLaptop.device?.id);
    await eventually(async () => {
      const names = await readLocked(laptop, devices.databaseKeyHex, (db) =>
        db.prepare('SELECT name FROM sync_devices ORDER BY name', { pluck: true }).all<string>(),
      );
      expect(names).toEqual(['Laptop', 'Office desktop']);
    });
  });

  it('bring a patient, a signed note with its addendum, a plan revision and session feedback made on the laptop to the desktop', async () => {
    const events = desktop.events.length;
    const patient = await laptop.call('patients:create', { patient: patientInput({ givenName: 'Ines', familyName: 'Moreau' }) });
    const session = await book(laptop, patient, daysAgo(2));
    const note = await laptop.call('notes:create', {
      patientId: patient.id,
      template: 'psychiatric-follow-up',
      session: session.ref,
      serviceDate: daysAgo(2),
    });
    const draft = await laptop.call('notes:saveDraft', {
      id: note.id,
      version: note.version,
      fields: { intervalHistory: 'Sleeping better since the new routine' },
      serviceDate: daysAgo(2),
    });
    await laptop.call('notes:sign', { id: note.id, version: draft.version, signedBy: 'Dr Ana Reyes, MD' });
    await laptop.call('notes:addAddendum', { noteId: note.id, text: 'Thyroid results reviewed: normal', signedBy: 'Dr Ana Reyes, MD' });
    const plan = await laptop.call('plans:create', { patientId: patient.id });
    const saved = await laptop.call('plans:saveDraft', {
      versionId: plan.current.id,
      version: plan.current.version,
      content: {
        ...plan.current.content,
        presentingProblems: 'Poor sleep',
        goals: [
          {
            id: randomUUID(),
            patientWords: 'I want to sleep through the night',
            formulation: '',
            objectives: [
              {
                id: randomUUID(),
                description: 'Sleeps 7 hours on 5 nights a week',
                measure: '',
                targetDate: daysAgo(-90),
                status: 'not-started',
              },
            ],
          },
        ],
      },
    });
    await laptop.call('plans:agree', {
      versionId: saved.id,
      version: saved.version,
      agreement: { date: daysAgo(0), method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
    });
    await laptop.call('plans:revise', { planId: plan.planId, reason: 'Sleep has improved; work is now the focus' });
    await laptop.call('feedback:record', {
      ref: session.ref,
      answers: { heard: 8, focus: 7, approach: 9, overall: 8, helpful: 'The sleep plan', notHelpful: '', unproductiveTopic: '' },
    });

    await eventually(async () => {
      const received = await desktop.call('notes:get', { id: note.id });
      expect(received.status).toBe('signed');
      expect(received.addenda.map((addendum) => addendum.text)).toEqual(['Thyroid results reviewed: normal']);
      const receivedPlan = await desktop.call('plans:forPatient', { patientId: patient.id });
      expect(receivedPlan?.versions.map((version) => version.number).sort()).toEqual([1, 2]);
      expect(receivedPlan?.current.reason).toBe('Sleep has improved; work is now the focus');
      expect((await desktop.call('feedback:forSession', { ref: session.ref })).feedback?.overall).toBe(8);
    });
    expect(await desktop.call('patients:get', { id: patient.id })).toMatchObject({ givenName: 'Ines', familyName: 'Moreau' });
    // The desktop's windows hear of it (once the pull under way has applied all it found): they refetch the patient list and the chart.
    await eventually(async () => {
      const heard = desktop.events.slice(events).flatMap((event) => (event.type === 'data:changed' ? event.scopes : []));
      expect(heard).toEqual(expect.arrayContaining(['patients', 'chart', 'notes', 'plans', 'feedback']));
    });
    // Nothing received is sent back: once the desktop has exchanged, the server holds none of it from the desktop
    // (only the desktop's own audit entries of its readings, and its name).
    await desktop.call('sync:syncNow', {});
    const desktopId = (await desktop.call('sync:status', {})).device?.id;
    const sentBack = (await serverChanges()).filter(
      ({ deviceId, change }) => deviceId === desktopId && !['audit_log', 'sync_devices'].includes(change.table),
    );
    expect(sentBack).toEqual([]);
  });

  it('resolve concurrent edits of a patient’s phone the same way on both, keeping the losing value in sync_conflicts', async () => {
    const patient = await desktop.call('patients:create', { patient: patientInput({ familyName: 'Varga', phone: '555 0100' }) });
    const onLaptop = await eventually(() => laptop.call('patients:get', { id: patient.id }));
    const conflictsBefore = await Promise.all([laptop, desktop].map(async (vault) => (await vault.call('sync:status', {})).openConflicts));
    // Both edit the same phone from the same version before either hears of the other (the server is stopped meanwhile).
    await cluster.pause();
    try {
      await Promise.all([
        laptop.call('patients:update', {
          id: patient.id,
          version: onLaptop.version,
          patient: patientInput({ familyName: 'Varga', phone: '555 0111' }),
        }),
        desktop.call('patients:update', {
          id: patient.id,
          version: patient.version,
          patient: patientInput({ familyName: 'Varga', phone: '555 0222' }),
        }),
      ]);
    } finally {
      await cluster.resume();
    }
    const phones = await eventually(async () => {
      await laptop.call('sync:syncNow', {});
      await desktop.call('sync:syncNow', {});
      const [a, b] = await Promise.all([laptop.call('patients:get', { id: patient.id }), desktop.call('patients:get', { id: patient.id })]);
      expect(a.phone).toBe(b.phone);
      const conflicts = await Promise.all([laptop, desktop].map(async (vault) => (await vault.call('sync:status', {})).openConflicts));
      expect(conflicts[0]).toBeGreaterThan(conflictsBefore[0] ?? 0);
      expect(conflicts[1]).toBeGreaterThan(conflictsBefore[1] ?? 0);
      return a.phone;
    }, 20_000);
    expect(['555 0111', '555 0222']).toContain(phones);
    const loser = phones === '555 0111' ? '555 0222' : '555 0111';
    for (const vault of [laptop, desktop]) {
      const kept = await readLocked(vault, devices.databaseKeyHex, (db) =>
        db
          .prepare(
            "SELECT losing_value, winning_value FROM sync_conflicts WHERE table_name = 'patients' AND row_key = $id AND field = 'phone'",
          )
          .all<{ losing_value: string; winning_value: string }>({ id: patient.id }),
      );
      expect(kept).toEqual([{ losing_value: JSON.stringify(loser), winning_value: JSON.stringify(phones) }]);
    }
  });

  it('keep working while the server is down, say since when it is unreachable, and merge both sides by themselves when it returns', async () => {
    const varga = (await desktop.call('patients:list', { includeArchived: true })).find((p) => p.familyName === 'Varga');
    const held = await desktop.call('patients:get', { id: varga?.id ?? '' });
    const conflictsBefore = await Promise.all([laptop, desktop].map(async (vault) => (await vault.call('sync:status', {})).openConflicts));
    await cluster.pause();
    try {
      await laptop.call('patients:create', { patient: patientInput({ familyName: 'Offline-Laptop' }) });
      await desktop.call('patients:update', {
        id: held.id,
        version: held.version,
        patient: patientInput({ familyName: 'Varga', phone: held.phone ?? '', email: 'varga@example.org' }),
      });
      await desktop.call('patients:create', { patient: patientInput({ familyName: 'Offline-Desktop' }) });
      for (const vault of [laptop, desktop]) {
        const status = await vault.call('sync:syncNow', {});
        expect(status).toMatchObject({ state: 'unreachable', lastError: { code: 'SYNC_UNREACHABLE' } });
        expect(status.waiting).toBeGreaterThan(0);
        expect(Date.parse(status.unreachableSince ?? '')).toBeLessThanOrEqual(Date.now());
      }
    } finally {
      await cluster.resume();
    }
    // Nobody asks: each loop tries again by itself, backing off (1 s, then 2 s, …), and finds the server back.
    await eventually(async () => {
      for (const vault of [laptop, desktop]) {
        expect(await vault.call('sync:status', {})).toMatchObject({
          state: 'up-to-date',
          waiting: 0,
          unreachableSince: null,
          lastError: null,
        });
        expect((await vault.call('patients:get', { id: held.id })).email).toBe('varga@example.org');
      }
    }, 20_000);
    // The two new patients took the same chart number apart: the one created later gives way, renumbered
    // by the device that created it, and both devices hold both, under distinct numbers, the same on both.
    await eventually(async () => {
      const [onLaptop, onDesktop] = await Promise.all([laptop, desktop].map(offlineCharts));
      expect(Object.keys(onLaptop ?? {}).sort()).toEqual(['Offline-Desktop', 'Offline-Laptop']);
      expect(onDesktop).toEqual(onLaptop);
      expect(new Set(Object.values(onLaptop ?? {})).size).toBe(2);
    }, 20_000);
    // Nothing to look at: no change was refused.
    const conflictsAfter = await Promise.all([laptop, desktop].map(async (vault) => (await vault.call('sync:status', {})).openConflicts));
    expect(conflictsAfter).toEqual(conflictsBefore);
    await laptop.call('patients:create', { patient: patientInput({ familyName: 'After-Offline' }) });
    await eventually(async () => expect(await familyNames(desktop)).toContain('After-Offline'));
  });

  it('lose nothing and keep nothing twice when the desktop is killed (SIGKILL) while it pulls and while it pushes', async () => {
    const dir = desktop.dir;
    await desktop.core.close();
    // Mid-pull: batches wait on the server while the desktop is closed; it opens, pulls them, and is killed meanwhile.
    for (let i = 0; i < PULLED; i += 1) {
      await laptop.call('patients:create', { patient: patientInput({ familyName: `Pulled${i}` }) });
      await laptop.call('sync:syncNow', {});
    }
    const opened = await startVaultChild('open', dir);
    await opened.waitFor(/^unlocked$/);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
    await opened.kill();
    // Mid-push: the desktop writes without end, each patient pushed 50 ms after it, and is killed at any moment.
    const writing = await startVaultChild('synced-write', dir);
    await writing.waitFor(/^ack /);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
    await writing.kill();
    const acknowledged = writing.lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice('ack '.length));
    expect(acknowledged.length).toBeGreaterThan(0);

    desktop = await openTempVault({ dir });
    reopened.push(desktop);
    await desktop.call('vault:unlock', { passphrase: PASSPHRASE });
    const killedOrPulled = (names: string[]) => names.filter((name) => /^(Kill|Pulled)/.test(name));
    await eventually(async () => {
      await desktop.call('sync:syncNow', {});
      await laptop.call('sync:syncNow', {});
      expect((await desktop.call('sync:status', {})).waiting).toBe(0);
      expect(killedOrPulled(await familyNames(laptop))).toEqual(killedOrPulled(await familyNames(desktop)));
    }, 20_000);
    const names = killedOrPulled(await familyNames(laptop));
    // Every patient the desktop acknowledged reached the laptop; every one the laptop sent reached the desktop; each once.
    expect(names).toEqual(expect.arrayContaining(acknowledged));
    for (let i = 0; i < PULLED; i += 1) expect(names).toContain(`Pulled${i}`);
    expect(new Set(names).size).toBe(names.length);
    // The server holds each change once: no batch was kept twice after a push the desktop never heard answered.
    const inserted = (await serverChanges())
      .filter(({ change }) => change.table === 'patients' && change.operation === 'insert')
      .map(({ change }) => change.key);
    expect(new Set(inserted).size).toBe(inserted.length);
  });

  it('leave no byte of what they exchanged readable on the server, in its tables or its data directory', async () => {
    const markers = ['Moreau', 'Thyroid results reviewed', 'varga@example.org'].map((text) => Buffer.from(text, 'utf8'));
    const admin = adminClient(cluster);
    await admin.connect();
    try {
      for (const table of ['vaults', 'devices', 'batches', 'pairings']) {
        const { rows } = await admin.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM alliance.${table} t`);
        for (const { row } of rows) for (const marker of markers) expect(Buffer.from(row).includes(marker)).toBe(false);
      }
      await admin.query('CHECKPOINT');
    } finally {
      await admin.end();
    }
    const found: string[] = [];
    for (const entry of await readdir(cluster.dataDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const bytes = await readFile(path.join(entry.parentPath, entry.name));
      if (markers.some((marker) => bytes.includes(marker))) found.push(entry.name);
    }
    expect(found).toEqual([]);
  });

  it('give a revoked device nothing new, and say it was removed', async () => {
    const desktopId = (await desktop.call('sync:status', {})).device?.id ?? '';
    const admin = adminClient(cluster);
    await admin.connect();
    await revokeDevice(admin, devices.vaultId, desktopId).finally(() => admin.end());
    await laptop.call('patients:create', { patient: patientInput({ familyName: 'After-Revocation' }) });
    await laptop.call('sync:syncNow', {});
    const status = await desktop.call('sync:syncNow', {});
    expect(status).toMatchObject({ state: 'revoked', lastError: { code: 'SYNC_REVOKED' } });
    expect(await familyNames(desktop)).not.toContain('After-Revocation');
  });
});
