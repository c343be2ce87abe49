import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { acknowledgeOutbox, applyChanges, readOutbox } from '../../../electron/features/sync/apply';
import { conflictsWorker } from '../../../electron/features/sync/conflicts';
import { connectVault } from '../../../electron/features/sync/engine';
import { patientInputSchema, type PatientInput } from '../../../shared/patient';
import { encodeHlc } from '../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { testEnvironment } from '../support/environment';
import { patientInput } from '../support/temp-vault';
import { addPatient } from '../database/migrations/chart-rows';

/*
 * Two real vaults, changes carried from one to the other as a batch would carry them (no server):
 * patients received from another device (chart numbers handed out offline on both, search), an edit
 * of a record this device does not hold, and rows written before the clock first ticked.
 */

const VAULT = '5d0c7a2e-8f41-4b6a-9c3d-2e1f0a9b8c7d';
const LAPTOP = 'a'.repeat(32);
const DESKTOP = 'b'.repeat(32);
/** A patient both vaults held before they were connected: no stamps at all. */
const EARLY = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const NOW = '2026-12-02T09:30:00.000Z';

type Device = { vault: EncryptedDatabase; db: Database; repos: Repositories; id: string; minute: number };
let laptop: Device;
let desktop: Device;

function tick(device: Device) {
  device.minute += 1;
  const stamp = encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, device.minute), counter: 0, deviceId: device.id });
  device.db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp });
}
function ship(from: Device, to: Device) {
  const { changes, upTo } = readOutbox(from.db, 10_000);
  applyChanges(to.db, changes, NOW);
  acknowledgeOutbox(from.db, upTo);
}
function input(overrides: Partial<PatientInput>): PatientInput {
  return patientInputSchema.parse(patientInput(overrides));
}
function create(device: Device, givenName: string, familyName: string): string {
  tick(device);
  return device.repos.patients.create(input({ givenName, familyName }), NOW).id;
}
function rename(device: Device, id: string, familyName: string) {
  tick(device);
  const { version, givenName } = device.repos.patients.get(id);
  device.repos.patients.update(id, version, input({ givenName, familyName }), NOW);
}
/** Every patient a device holds, by id, with its chart number. */
function charts(device: Device): Record<string, number> {
  return Object.fromEntries(device.repos.patients.list(true).map((patient) => [patient.id, patient.chartNumber]));
}
function found(device: Device, text: string) {
  return device.repos.search.query(text, 10).map((hit) => ({ id: hit.patientId, chart: hit.chartNumber, name: hit.name }));
}
function refused(device: Device, table: string) {
  return device.db
    .prepare("SELECT row_key, field, winning_value FROM sync_conflicts WHERE table_name = $table AND winning_stamp = ''")
    .all<{ row_key: string; field: string; winning_value: string }>({ table });
}

async function device(id: string): Promise<Device> {
  const vault = await openEncryptedDatabase();
  migrate(vault.db);
  addPatient(vault.db, EARLY, 1, { given: 'Edda', family: 'Lindqvist' });
  const name = vault.db.prepare("INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, '2026-12-01T09:00:00.000Z')");
  name.run({ id: LAPTOP, name: 'Laptop' });
  name.run({ id: DESKTOP, name: 'Office desktop' });
  connectVault(vault.db, VAULT, id);
  return { vault, db: vault.db, repos: connect(vault.db), id, minute: 0 };
}

beforeAll(async () => {
  [laptop, desktop] = await Promise.all([device(LAPTOP), device(DESKTOP)]);
  desktop.minute = 20;
});
afterAll(async () => {
  await Promise.all([laptop.vault.dispose(), desktop.vault.dispose()]);
});

describe('a record written before the clock first ticked', () => {
  it('takes an edit of it: an empty stamp is the oldest there is', () => {
    rename(laptop, EARLY, 'Lindqvist-Berg');
    ship(laptop, desktop);
    expect(desktop.repos.patients.get(EARLY).familyName).toBe('Lindqvist-Berg');
    // And the desktop's later edit follows on from it on the laptop.
    rename(desktop, EARLY, 'Berg');
    ship(desktop, laptop);
    expect(laptop.repos.patients.get(EARLY).familyName).toBe('Berg');
    expect(refused(desktop, 'patients')).toEqual([]);
  });
});

describe('patients received from another device', () => {
  it('are found by name in search, and by their new name after an edit', () => {
    const id = create(laptop, 'Zebedee', 'Quartermaine');
    ship(laptop, desktop);
    expect(found(desktop, 'Quartermaine')).toEqual([{ id, chart: 2, name: 'Quartermaine, Zebedee' }]);
    rename(laptop, id, 'Fairweather');
    ship(laptop, desktop);
    expect(found(desktop, 'Fairweather')).toEqual([{ id, chart: 2, name: 'Fairweather, Zebedee' }]);
    expect(found(desktop, 'Quartermaine')).toEqual([]);
  });
});

describe('plans received from another device', () => {
  it('are found by their words in search', () => {
    tick(laptop);
    const plan = laptop.repos.plans.create(EARLY, 90, { now: NOW, timeZone: 'Europe/London' });
    tick(laptop);
    laptop.repos.plans.saveDraft(
      plan.current.id,
      plan.current.version,
      { ...plan.current.content, presentingProblems: 'Somnambulism' },
      NOW,
    );
    ship(laptop, desktop);
    expect(desktop.repos.search.query('Somnambulism', 10).map((hit) => [hit.patientId, hit.matchedOn])).toEqual([[EARLY, 'plan']]);
  });
});

describe('chart numbers handed out offline on two devices', () => {
  it('end distinct and the same on both devices: the patient created later gives way, renumbered by its device', () => {
    // Offline, each gives the next number, 3, to a patient of its own; the laptop first, then another (4).
    const ines = create(laptop, 'Ines', 'Alder');
    const uma = create(laptop, 'Uma', 'Cole');
    const otto = create(desktop, 'Otto', 'Birch');
    expect([charts(laptop)[ines], charts(laptop)[uma], charts(desktop)[otto]]).toEqual([3, 4, 3]);

    // The later patient arrives first: the laptop holds it under a provisional number of its own, not sent.
    ship(desktop, laptop);
    expect(charts(laptop)[ines]).toBe(3);
    expect(charts(laptop)[otto]).toBe(5);
    expect(readOutbox(laptop.db, 100).changes.filter((c) => c.table === 'patients' && c.key === otto)).toEqual([]);

    // The desktop learns of the collision (twice: 3 is Ines's, then 4 is Uma's) and renumbers Otto by captured edits.
    ship(laptop, desktop);
    expect(charts(desktop)).toEqual({ [EARLY]: 1, ...pick(charts(desktop), 2), [ines]: 3, [uma]: 4, [otto]: 5 });
    const renumbering = readOutbox(desktop.db, 100).changes.filter((c) => c.table === 'patients' && c.key === otto);
    expect(renumbering.map((c) => c.changes.chart_number?.[0])).toEqual([4, 5]);
    expect(
      desktop.db
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'patient.renumber' AND record_id = $otto", { pluck: true })
        .get({ otto }),
    ).toBe(2);

    ship(desktop, laptop);
    expect(charts(laptop)).toEqual(charts(desktop));
    expect(laptop.repos.patients.get(otto).chartNumber).toBe(5);
    expect(desktop.repos.patients.get(otto).chartNumber).toBe(5);
    // The renumbering's audit entries reach the laptop with the rest of the desktop's chain.
    expect(
      laptop.db
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'patient.renumber' AND record_id = $otto", { pluck: true })
        .get({ otto }),
    ).toBe(2);
    // Search follows the numbers, and nothing was refused.
    for (const device of [laptop, desktop]) {
      expect(found(device, 'Birch')).toEqual([{ id: otto, chart: 5, name: 'Birch, Otto' }]);
      expect(found(device, 'Alder')).toEqual([{ id: ines, chart: 3, name: 'Alder, Ines' }]);
      expect(found(device, 'Cole')).toEqual([{ id: uma, chart: 4, name: 'Cole, Uma' }]);
      expect(refused(device, 'patients')).toEqual([]);
    }
  });
});

describe('an update for a record this device does not hold', () => {
  it('is kept as a refused change, and the rest of the batch is applied', () => {
    const lost = create(laptop, 'Wanda', 'Lost');
    // Its insert never reaches the desktop.
    laptop.db.prepare("DELETE FROM sync_outbox WHERE table_name = 'patients' AND row_key = $lost").run({ lost });
    rename(laptop, lost, 'Found');
    const after = create(laptop, 'Yara', 'Next');
    expect(() => ship(laptop, desktop)).not.toThrow();
    expect(desktop.repos.patients.get(after).familyName).toBe('Next');
    const kept = refused(desktop, 'patients').filter((row) => row.row_key === lost);
    expect(kept.map((row) => row.field)).toContain('family_name');
    expect(JSON.parse(kept[0]!.winning_value)).toEqual({ refused: expect.stringContaining('does not hold') });
    // The psychiatrist sees it among the changes to look at, as one refused change with the reason.
    const listed = conflictsWorker['sync:conflicts']({}, testEnvironment(NOW, 'Europe/London'), desktop.repos);
    expect(listed.filter((conflict) => conflict.kind === 'refused' && conflict.other.value.includes('Found'))).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('does not hold'), other: expect.objectContaining({ device: 'Laptop' }) }),
    ]);
  });
});

function pick(all: Record<string, number>, chart: number): Record<string, number> {
  return Object.fromEntries(Object.entries(all).filter(([, number]) => number === chart));
}
