import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signedText } from '../../../shared/note';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const SIGNER = 'Dr Ana Reyes, MD';

async function draft(v: CalendarVault, fields: Record<string, string> = { intervalHistory: 'Sleeping better since the dose change.' }) {
  const note = await v.call('notes:create', { patientId: v.maren.id, template: 'psychiatric-follow-up', session: null, serviceDate: null });
  const saved = await v.call('notes:saveDraft', { id: note.id, version: note.version, fields, serviceDate: note.serviceDate });
  return { id: note.id, version: saved.version, serviceDate: note.serviceDate };
}

describe('a note from draft to signature', () => {
  it('saves a draft field by field, signs it with the signer and the time, and keeps a hash of what was signed', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const note = await vault.call('notes:create', {
      patientId: vault.maren.id,
      template: 'psychiatric-follow-up',
      session: null,
      serviceDate: null,
    });
    expect(note).toMatchObject({ status: 'draft', serviceDate: '2026-03-10', fields: {}, signedAt: null, version: 1 });

    const fields = {
      intervalHistory: 'Mood lifted; sleeping 7 hours.',
      'mse.mood': '“Better than I have been”',
      'risk.level': 'Low',
      plan: 'Continue sertraline 100 mg.',
    };
    const saved = await vault.call('notes:saveDraft', { id: note.id, version: 1, fields, serviceDate: '2026-03-09' });
    expect(saved).toEqual({ version: 2, updatedAt: '2026-03-10T12:00:00.000Z' });
    vault.setNow('2026-03-10T12:05:00.000Z');
    const signed = await vault.call('notes:sign', { id: note.id, version: 2, signedBy: SIGNER });
    expect(signed).toMatchObject({
      status: 'signed',
      signedBy: SIGNER,
      signedAt: '2026-03-10T12:05:00.000Z',
      serviceDate: '2026-03-09',
      fields,
    });
    const { createHash } = await import('node:crypto');
    expect(signed.contentHash).toBe(
      createHash('sha256')
        .update(signedText({ template: 'psychiatric-follow-up', serviceDate: '2026-03-09', fields }))
        .digest('hex'),
    );
  });

  it('answers NOTE_SIGNED to every change of a signed note, and takes dated addenda instead', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const { id, version, serviceDate } = await draft(vault);
    await vault.call('notes:sign', { id, version, signedBy: SIGNER });

    expect(
      (await vault.refuse('notes:saveDraft', { id, version: version + 1, fields: { intervalHistory: 'changed' }, serviceDate })).code,
    ).toBe('NOTE_SIGNED');
    expect((await vault.refuse('notes:discardDraft', { id, version: version + 1 })).code).toBe('NOTE_SIGNED');
    expect((await vault.refuse('notes:sign', { id, version: version + 1, signedBy: SIGNER })).code).toBe('NOTE_SIGNED');

    vault.setNow('2026-03-12T09:00:00.000Z');
    const amended = await vault.call('notes:addAddendum', { noteId: id, text: 'Lithium level 0.7 mmol/L, reviewed.', signedBy: SIGNER });
    expect(amended.addenda).toEqual([
      {
        id: expect.any(String),
        noteId: id,
        text: 'Lithium level 0.7 mmol/L, reviewed.',
        createdAt: '2026-03-12T09:00:00.000Z',
        signedBy: SIGNER,
      },
    ]);
    expect(amended.fields).toEqual({ intervalHistory: 'Sleeping better since the dose change.' });
  });

  it('refuses to sign an empty note, an addendum to a draft, and a save from a stale version', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const empty = await vault.call('notes:create', { patientId: vault.maren.id, template: 'soap', session: null, serviceDate: null });
    expect((await vault.refuse('notes:sign', { id: empty.id, version: 1, signedBy: SIGNER })).message).toMatch(/empty/);
    expect((await vault.refuse('notes:addAddendum', { noteId: empty.id, text: 'x', signedBy: SIGNER })).code).toBe('INVALID_INPUT');
    const { id, version, serviceDate } = await draft(vault);
    expect((await vault.refuse('notes:saveDraft', { id, version: version - 1, fields: {}, serviceDate })).code).toBe('CONFLICT');
    // A field of another template is refused, not silently kept.
    expect((await vault.refuse('notes:saveDraft', { id, version, fields: { subjective: 'x' }, serviceDate })).message).toMatch(
      /no field subjective/,
    );
    expect((await vault.refuse('notes:saveDraft', { id, version, fields: { 'risk.level': 'Somewhat' }, serviceDate })).code).toBe(
      'INVALID_INPUT',
    );
    expect((await vault.call('notes:get', { id })).fields).toEqual({ intervalHistory: 'Sleeping better since the dose change.' });
  });

  it('discards a draft that was never signed, and it is gone from the list', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const { id, version } = await draft(vault);
    expect(await vault.call('notes:discardDraft', { id, version })).toEqual({ discarded: true });
    expect((await vault.refuse('notes:get', { id })).code).toBe('NOT_FOUND');
    expect((await vault.call('notes:list', { patientId: vault.maren.id })).notes).toEqual([]);
  });
});

describe('signed notes are protected by the database itself', () => {
  it('refuses to update or delete a signed note, its fields or its addenda, even with the raw key', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const { id, version } = await draft(vault);
    await vault.call('notes:sign', { id, version, signedBy: SIGNER });
    await vault.call('notes:addAddendum', { noteId: id, text: 'Addendum', signedBy: SIGNER });
    const other = await draft(vault, { intervalHistory: 'Still a draft' });
    await vault.call('vault:lock', {});

    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      const attempts = [
        "UPDATE notes SET service_date = '2020-01-01' WHERE id = $id",
        "UPDATE notes SET status = 'draft', signed_at = NULL, signed_by = NULL, content_hash = NULL WHERE id = $id",
        'DELETE FROM notes WHERE id = $id',
        "UPDATE note_fields SET text = 'rewritten' WHERE note_id = $id",
        'DELETE FROM note_fields WHERE note_id = $id',
        "INSERT INTO note_fields (note_id, key, text) VALUES ($id, 'plan', 'added later')",
        "UPDATE note_addenda SET text = 'rewritten' WHERE note_id = $id",
        'DELETE FROM note_addenda WHERE note_id = $id',
      ];
      for (const sql of attempts) expect(() => db.prepare(sql).run({ id }), sql).toThrow(/NOTE_SIGNED/);
      // Moving a field of the draft into the signed note is a change of the signed note too.
      expect(() => db.prepare('UPDATE note_fields SET note_id = $id WHERE note_id = $other').run({ id, other: other.id })).toThrow(
        /NOTE_SIGNED/,
      );
      expect(() =>
        db
          .prepare(
            "INSERT INTO note_addenda (id, note_id, text, created_at, signed_by, content_hash) VALUES ('x', $other, 't', 'now', 's', 'h')",
          )
          .run({ other: other.id }),
      ).toThrow(/only a signed note takes addenda/);
      // The draft itself is still the clinician's to change.
      db.prepare("UPDATE note_fields SET text = 'Edited draft' WHERE note_id = $other").run({ other: other.id });
      expect(db.prepare("SELECT text FROM note_fields WHERE note_id = $id AND key = 'intervalHistory'", { pluck: true }).get({ id })).toBe(
        'Sleeping better since the dose change.',
      );
    } finally {
      db.close();
    }
  });
});

describe('clinical text is only ever text', () => {
  it('stores markup as typed and answers it as the same characters, never altered or interpreted', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const markup = '<img src=x onerror=alert(1)> <script>alert("x")</script> <b>bold</b> &amp; "quotes" \u202Eright-to-left';
    const { id, version } = await draft(vault, { intervalHistory: markup, plan: '<a href="javascript:alert(1)">link</a>' });
    const signed = await vault.call('notes:sign', { id, version, signedBy: '<i>Dr</i> Reyes' });
    expect(signed.fields.intervalHistory).toBe(markup);
    expect(signed.fields.plan).toBe('<a href="javascript:alert(1)">link</a>');
    expect(signed.signedBy).toBe('<i>Dr</i> Reyes');
    const page = await vault.call('notes:list', { patientId: vault.maren.id });
    expect(page.notes[0]?.preview).toBe(markup.replace(/\s+/g, ' '));
  });
});

describe('notes and sessions', () => {
  it('ties a note to a session of a series, which then keeps its note through a move; one note per session', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const first = await vault.book({ start: '2026-03-03T09:00:00.000Z', recurrence: weekly({ type: 'count', count: 4 }) });
    const ref = { type: 'occurrence', seriesId: first.seriesId!, originalStart: '2026-03-10T09:00:00' } as const;
    expect(await vault.call('notes:forSession', { ref })).toBeNull();
    const note = await vault.call('notes:create', {
      patientId: vault.maren.id,
      template: 'psychiatric-follow-up',
      session: ref,
      serviceDate: null,
    });
    expect(note.serviceDate).toBe('2026-03-10');
    expect(note.session).toMatchObject({ start: '2026-03-10T09:00:00.000Z', end: '2026-03-10T09:50:00.000Z', kind: 'therapy' });
    expect(
      (await vault.refuse('notes:create', { patientId: vault.maren.id, template: 'soap', session: ref, serviceDate: null })).code,
    ).toBe('CONFLICT');

    const session = await vault.call('appointments:get', { ref });
    await vault.call('appointments:update', {
      ref,
      scope: 'this',
      version: session.version,
      changes: { start: '2026-03-10T11:00:00.000Z' },
      acknowledgeWarnings: true,
    });
    expect(await vault.call('notes:forSession', { ref })).toMatchObject({ id: note.id });
    expect((await vault.call('notes:get', { id: note.id })).session?.start).toBe('2026-03-10T11:00:00.000Z');
  });

  it('refuses a note for a session that has not happened, or that is another patient’s', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const later = await vault.book({ start: '2026-03-17T09:00:00.000Z' });
    expect(
      (await vault.refuse('notes:create', { patientId: vault.maren.id, template: 'dap', session: later.ref, serviceDate: null })).message,
    ).toMatch(/not happened yet/);
    const past = await vault.book({ start: '2026-03-09T09:00:00.000Z' });
    expect(
      (await vault.refuse('notes:create', { patientId: vault.tomas.id, template: 'dap', session: past.ref, serviceDate: null })).message,
    ).toMatch(/another patient/);
  });
});

describe('the list of notes', () => {
  it('pages through a patient’s notes newest first, twenty at a time, with a preview of each', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    for (let day = 1; day <= 25; day += 1) {
      const serviceDate = `2026-02-${String(day).padStart(2, '0')}`;
      const note = await vault.call('notes:create', { patientId: vault.maren.id, template: 'free-text', session: null, serviceDate });
      await vault.call('notes:saveDraft', { id: note.id, version: 1, fields: { text: `Note of ${serviceDate}` }, serviceDate });
    }
    const first = await vault.call('notes:list', { patientId: vault.maren.id });
    expect(first.notes).toHaveLength(20);
    expect(first.more).toBe(true);
    expect(first.notes[0]).toMatchObject({ serviceDate: '2026-02-25', preview: 'Note of 2026-02-25', status: 'draft' });
    const last = first.notes.at(-1)!;
    const second = await vault.call('notes:list', { patientId: vault.maren.id, after: { serviceDate: last.serviceDate, id: last.id } });
    expect(second.notes.map((n) => n.serviceDate)).toEqual(['2026-02-05', '2026-02-04', '2026-02-03', '2026-02-02', '2026-02-01']);
    expect(second.more).toBe(false);
    expect((await vault.call('notes:list', { patientId: vault.tomas.id })).notes).toEqual([]);
  });
});
