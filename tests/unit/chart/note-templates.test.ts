import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { NOTE_TEMPLATE_DEFINITIONS, noteFieldsSchema, signatureSchema, signedByNameSchema, signedText } from '../../../shared/note';
import {
  MSE_DOMAINS,
  mseTarget,
  normalMseValue,
  templateCreateInputSchema,
  TEMPLATE_LIMITS,
  withNormalSentence,
} from '../../../shared/note-templates';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const SIGNER = 'Dr Ana Reyes, MD';

async function signed(v: CalendarVault, template: string, fields: Record<string, string>, serviceDate: string | null = null) {
  const note = await v.call('notes:create', { patientId: v.maren.id, template, session: null, serviceDate });
  const saved = await v.call('notes:saveDraft', { id: note.id, version: note.version, fields, serviceDate: note.serviceDate });
  return v.call('notes:sign', { id: note.id, version: saved.version, signedBy: SIGNER });
}

describe('templates the practice edits', () => {
  it('saves an edit as a new version; a note begun before keeps its own version’s sections, a new one takes the new', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const before = await signed(vault, 'dap', { data: 'Talked about work.', plan: 'Weekly.' });
    const draftBefore = await vault.call('notes:create', { patientId: vault.maren.id, template: 'dap', session: null, serviceDate: null });
    expect(before).toMatchObject({ templateVersion: 1, definition: { label: 'DAP' } });

    const [dap] = (await vault.call('notes:templates', {})).filter((template) => template.id === 'dap');
    expect(dap).toMatchObject({ version: 1, archived: false, label: 'DAP' });
    const saved = await vault.call('notes:saveTemplate', {
      id: 'dap',
      baseVersion: 1,
      label: 'DAP with homework',
      description: 'Data, assessment, plan and the homework agreed.',
      sections: [
        ...(dap?.sections ?? []),
        { heading: 'Homework', fields: [{ key: 'custom.homework', label: 'Homework', kind: 'text', hint: 'What the patient will try' }] },
      ],
    });
    expect(saved).toMatchObject({ id: 'dap', version: 2, label: 'DAP with homework' });

    // Saving over a version that is no longer current is refused.
    const stale = { id: 'dap', baseVersion: 1, label: saved.label, description: saved.description, sections: saved.sections };
    expect((await vault.refuse('notes:saveTemplate', stale)).code).toBe('CONFLICT');

    const after = await vault.call('notes:create', { patientId: vault.maren.id, template: 'dap', session: null, serviceDate: null });
    expect(after).toMatchObject({ templateVersion: 2, definition: { label: 'DAP with homework' } });
    expect(after.definition.sections.map((section) => section.heading)).toEqual(['Data', 'Assessment', 'Plan', 'Homework']);
    await vault.call('notes:saveDraft', {
      id: after.id,
      version: 1,
      fields: { 'custom.homework': 'Sleep diary' },
      serviceDate: after.serviceDate,
    });

    // The old ones read with version 1: the signed one as signed, hash included; the old draft refuses the new field.
    const reread = await vault.call('notes:get', { id: before.id });
    expect(reread.definition.sections.map((section) => section.heading)).toEqual(['Data', 'Assessment', 'Plan']);
    expect(reread.contentHash).toBe(
      createHash('sha256')
        .update(signedText({ ...reread, template: 'dap' }))
        .digest('hex'),
    );
    expect(
      (
        await vault.refuse('notes:saveDraft', {
          id: draftBefore.id,
          version: 1,
          fields: { 'custom.homework': 'x' },
          serviceDate: draftBefore.serviceDate,
        })
      ).message,
    ).toMatch(/no field custom.homework/);
    const list = await vault.call('notes:list', { patientId: vault.maren.id, limit: 20, after: null });
    expect(list.notes.map((note) => note.templateName).sort()).toEqual(['DAP', 'DAP', 'DAP with homework']);
  });

  it('archives a template so it is no longer offered for new notes, and restores it', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const archived = await vault.call('notes:archiveTemplate', { id: 'soap', archived: true });
    expect(archived.archived).toBe(true);
    const templates = await vault.call('notes:templates', {});
    expect(templates.at(-1)?.id).toBe('soap');
    expect(
      (await vault.refuse('notes:create', { patientId: vault.maren.id, template: 'soap', session: null, serviceDate: null })).message,
    ).toMatch(/archived/);
    await vault.call('notes:archiveTemplate', { id: 'soap', archived: false });
    await expect(
      vault.call('notes:create', { patientId: vault.maren.id, template: 'soap', session: null, serviceDate: null }),
    ).resolves.toMatchObject({
      template: 'soap',
    });
  });

  it('refuses a template without sections, with an empty title, or two fields under one key', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const base = { id: 'soap', baseVersion: 1, label: 'SOAP', description: '' };
    expect((await vault.refuse('notes:saveTemplate', { ...base, sections: [] })).code).toBe('INVALID_INPUT');
    const field = { key: 'subjective', label: 'Subjective', kind: 'text' as const };
    expect((await vault.refuse('notes:saveTemplate', { ...base, sections: [{ heading: ' ', fields: [field] }] })).code).toBe(
      'INVALID_INPUT',
    );
    expect(
      (
        await vault.refuse('notes:saveTemplate', {
          ...base,
          sections: [
            { heading: 'A', fields: [field] },
            { heading: 'B', fields: [field] },
          ],
        })
      ).code,
    ).toBe('INVALID_INPUT');
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const FAMILY_MEETING = {
  label: 'Family meeting',
  description: 'Who came, what was raised, what was agreed.',
  sections: [
    {
      heading: 'Who attended',
      fields: [{ key: 'custom.attended', label: 'Who attended', kind: 'text' as const, hint: 'Names and roles' }],
    },
    { heading: 'Agreements', fields: [{ key: 'custom.agreed', label: 'Agreements', kind: 'text' as const }] },
  ],
};

describe('templates the practice creates', () => {
  it('creates a template as version 1 of its own, offered for new notes; its notes are signed over that version and copied forward', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const created = await vault.call('notes:createTemplate', FAMILY_MEETING);
    expect(created).toMatchObject({ version: 1, archived: false, label: 'Family meeting', sections: FAMILY_MEETING.sections });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const offered = (await vault.call('notes:templates', {})).filter((template) => !template.archived).map((template) => template.label);
    expect(offered).toEqual(['Psychiatric follow-up', 'Intake evaluation', 'SOAP', 'DAP', 'Free text', 'Family meeting']);

    const first = await signed(vault, created.id, { 'custom.attended': 'Maren, her mother.', 'custom.agreed': 'Weekly calls.' });
    expect(first).toMatchObject({ template: created.id, templateVersion: 1, definition: { label: 'Family meeting' } });
    const version1Text = signedText({ ...first, definition: FAMILY_MEETING });
    expect(version1Text).toBe('Family meeting — 2026-03-10\n\nWho attended\nMaren, her mother.\n\nAgreements\nWeekly calls.');
    expect(first.contentHash).toBe(sha256(version1Text));

    // Version 2 renames a section: the signed note keeps version 1's words, and its hash still matches them.
    const [attended, agreed] = FAMILY_MEETING.sections;
    if (!attended || !agreed) throw new Error('two sections');
    const second = await vault.call('notes:saveTemplate', {
      id: created.id,
      baseVersion: 1,
      label: 'Family meeting',
      description: FAMILY_MEETING.description,
      sections: [{ ...agreed, heading: 'What was agreed' }, attended],
    });
    expect(second.version).toBe(2);
    const reread = await vault.call('notes:get', { id: first.id });
    expect(reread.definition.sections.map((section) => section.heading)).toEqual(['Who attended', 'Agreements']);
    expect(reread.contentHash).toBe(sha256(signedText(reread)));
    expect(reread.contentHash).not.toBe(sha256(signedText({ ...reread, definition: second })));

    // Copy forward: a new draft of version 2 begins with the signed note's fields, marked.
    vault.setNow('2026-03-17T12:00:00.000Z');
    expect(await vault.call('notes:lastSigned', { patientId: vault.maren.id })).toMatchObject({
      id: first.id,
      template: created.id,
      templateName: 'Family meeting',
    });
    const copy = await vault.call('notes:create', {
      patientId: vault.maren.id,
      template: created.id,
      session: null,
      serviceDate: null,
      copyFrom: first.id,
    });
    expect(copy).toMatchObject({ templateVersion: 2, fields: first.fields, copiedKeys: ['custom.agreed', 'custom.attended'] });
    expect((await vault.call('today:get', {})).unsignedNotes).toMatchObject([{ noteId: copy.id, templateName: 'Family meeting' }]);
  });

  it('keeps names apart among the templates in use, retires a template without touching its notes, and audits each change', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const created = await vault.call('notes:createTemplate', FAMILY_MEETING);
    const taken = await vault.refuse('notes:createTemplate', { ...FAMILY_MEETING, label: '  family   MEETING ' });
    expect(taken).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'There is already a template named “\u2068Family meeting\u2069”. Give this one another name, or archive that one first.',
      issues: [{ path: 'label' }],
    });
    expect((await vault.refuse('notes:saveTemplate', { id: 'soap', baseVersion: 1, ...FAMILY_MEETING })).issues).toEqual([
      { path: 'label', message: expect.stringMatching(/already a template named “\u2068Family meeting\u2069”/) },
    ]);
    // Saving a template under its own name is no clash.
    await vault.call('notes:saveTemplate', { id: created.id, baseVersion: 1, ...FAMILY_MEETING, description: 'Who came.' });

    const note = await signed(vault, created.id, { 'custom.agreed': 'Weekly calls.' });
    const retired = await vault.call('notes:archiveTemplate', { id: created.id, archived: true });
    expect(retired.archived).toBe(true);
    expect(
      (await vault.refuse('notes:create', { patientId: vault.maren.id, template: created.id, session: null, serviceDate: null })).message,
    ).toMatch(/archived/);
    const kept = await vault.call('notes:get', { id: note.id });
    expect(kept).toMatchObject({ template: created.id, templateVersion: 2, status: 'signed', definition: { label: 'Family meeting' } });
    expect(kept.contentHash).toBe(note.contentHash);
    const list = await vault.call('notes:list', { patientId: vault.maren.id, limit: 20, after: null });
    expect(list.notes.map((summary) => summary.templateName)).toEqual(['Family meeting']);

    // Its name is free while it is archived; restoring it then would offer two alike, and is refused.
    const again = await vault.call('notes:createTemplate', { ...FAMILY_MEETING, description: 'The new one.' });
    expect((await vault.refuse('notes:archiveTemplate', { id: created.id, archived: false })).message).toMatch(
      /already named “\u2068Family meeting\u2069”. Rename one of them/,
    );
    await vault.call('notes:archiveTemplate', { id: again.id, archived: true });
    await vault.call('notes:archiveTemplate', { id: created.id, archived: false });

    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      const entries = db
        .prepare("SELECT action, record_id, patient_id FROM audit_log WHERE record_type = 'note-template' ORDER BY seq")
        .all();
      expect(entries).toEqual([
        { action: 'template.create', record_id: created.id, patient_id: null },
        { action: 'template.edit', record_id: created.id, patient_id: null },
        { action: 'template.archive', record_id: created.id, patient_id: null },
        { action: 'template.create', record_id: again.id, patient_id: null },
        { action: 'template.archive', record_id: again.id, patient_id: null },
        { action: 'template.restore', record_id: created.id, patient_id: null },
      ]);
      // The log names the template, never its words.
      expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toMatch(/Family|meeting/);
    } finally {
      db.close();
    }
  });

  it('refuses a new template without a name, with a name too long, or without sections, in the shared words', () => {
    const issues = (input: unknown) => templateCreateInputSchema.safeParse(input).error?.issues.map((issue) => issue.message);
    expect(issues({ ...FAMILY_MEETING, label: '  ' })).toEqual(['Give the template a name']);
    expect(issues({ ...FAMILY_MEETING, label: 'x'.repeat(TEMPLATE_LIMITS.name + 1) })).toEqual([
      `At most ${TEMPLATE_LIMITS.name} characters`,
    ]);
    expect(issues({ ...FAMILY_MEETING, sections: [] })).toEqual(['A template needs at least one section']);
    expect(issues({ ...FAMILY_MEETING, id: 'soap' })).toHaveLength(1);
  });
});

describe('copy forward', () => {
  it('begins a draft with the last signed note’s fields, each marked until edited, and audits the copy', async () => {
    vault = await openCalendarVault('2026-11-03T12:00:00.000Z');
    const source = await signed(vault, 'psychiatric-follow-up', {
      intervalHistory: 'Sleeping better.',
      'mse.speech': 'Speech: normal rate, rhythm and volume.',
      plan: 'Continue sertraline 100 mg.',
    });
    vault.setNow('2026-11-10T12:00:00.000Z');
    expect(await vault.call('notes:lastSigned', { patientId: vault.maren.id })).toEqual({
      id: source.id,
      serviceDate: '2026-11-03',
      template: 'psychiatric-follow-up',
      templateName: 'Psychiatric follow-up',
    });
    const copy = await vault.call('notes:create', {
      patientId: vault.maren.id,
      template: 'psychiatric-follow-up',
      session: null,
      serviceDate: null,
      copyFrom: source.id,
    });
    expect(copy.fields).toEqual(source.fields);
    expect(copy.copiedFrom).toEqual({ noteId: source.id, serviceDate: '2026-11-03' });
    expect(copy.copiedKeys).toEqual(['intervalHistory', 'mse.speech', 'plan']);

    // The editor edits the interval history and drops its mark; the others keep theirs through a reload.
    await vault.call('notes:saveDraft', {
      id: copy.id,
      version: 1,
      fields: { ...copy.fields, intervalHistory: 'Sleeping better; back at work.' },
      serviceDate: copy.serviceDate,
      copiedKeys: ['mse.speech', 'plan'],
    });
    expect((await vault.call('notes:get', { id: copy.id })).copiedKeys).toEqual(['mse.speech', 'plan']);
    // A mark is never gained, and never kept on a changed text, whatever the editor says.
    await vault.call('notes:saveDraft', {
      id: copy.id,
      version: 2,
      fields: { ...copy.fields, intervalHistory: 'Back at work.', plan: 'Sertraline 150 mg.' },
      serviceDate: copy.serviceDate,
      copiedKeys: ['intervalHistory', 'mse.speech', 'plan'],
    });
    expect((await vault.call('notes:get', { id: copy.id })).copiedKeys).toEqual(['mse.speech']);

    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 50 });
    expect(audit.find((entry) => entry.action === 'note.copy-forward')).toMatchObject({ recordType: 'note', recordId: source.id });
  });

  it('copies into another template only the fields it has, and only from this patient’s signed notes', async () => {
    vault = await openCalendarVault('2026-11-03T12:00:00.000Z');
    const intake = await signed(vault, 'intake', {
      presentIllness: 'Low mood since spring.',
      'mse.mood': '“Flat”',
      plan: 'Start therapy.',
    });
    const copy = await vault.call('notes:create', {
      patientId: vault.maren.id,
      template: 'psychiatric-follow-up',
      session: null,
      serviceDate: null,
      copyFrom: intake.id,
    });
    expect(copy.fields).toEqual({ 'mse.mood': '“Flat”', plan: 'Start therapy.' });
    const draft = await vault.call('notes:create', { patientId: vault.maren.id, template: 'soap', session: null, serviceDate: null });
    expect(
      (
        await vault.refuse('notes:create', {
          patientId: vault.maren.id,
          template: 'soap',
          session: null,
          serviceDate: null,
          copyFrom: draft.id,
        })
      ).message,
    ).toMatch(/Only a signed note/);
    expect(
      (
        await vault.refuse('notes:create', {
          patientId: vault.tomas.id,
          template: 'soap',
          session: null,
          serviceDate: null,
          copyFrom: intake.id,
        })
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('the signer’s name and credentials', () => {
  it('refuses credentials typed into the name, with the words that say where they go', () => {
    const result = signedByNameSchema.safeParse('Dr. A. Name, MD');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Write only your name here: put “MD” in Credentials, or it is printed twice.');
    expect(signedByNameSchema.safeParse('Ana Reyes, M.D., PhD').success).toBe(false);
    expect(signedByNameSchema.parse('Reyes, Ana')).toBe('Reyes, Ana');
    expect(signedByNameSchema.parse('Dr Ana Reyes')).toBe('Dr Ana Reyes');
  });

  it('refuses a signature with its credentials written twice', () => {
    expect(signatureSchema.safeParse('Dr. A. Name, MD, MD').error?.issues[0]?.message).toMatch(/“MD” is written twice/);
    expect(signatureSchema.parse('Dr Ana Reyes, MD, PhD')).toBe('Dr Ana Reyes, MD, PhD');
  });
});

describe('fields by key', () => {
  it('refuses a key named after a property of every object, and a line break in a line field', () => {
    expect(noteFieldsSchema.safeParse({ constructor: 'x', plan: 'y' }).success).toBe(false);
    expect(noteFieldsSchema.safeParse(JSON.parse('{"__proto__": "x", "plan": "y"}')).success).toBe(false);
    expect(noteFieldsSchema.safeParse({ 'mse.mood': 'low\nflat' }).success).toBe(false);
    expect(noteFieldsSchema.parse({ plan: 'y\nz' })).toEqual({ plan: 'y\nz' });
  });

  it('offers normal wording for every MSE field of the shipped templates', () => {
    const mse = NOTE_TEMPLATE_DEFINITIONS['psychiatric-follow-up'].sections.find(
      (section) => section.heading === 'Mental status examination',
    );
    expect(MSE_DOMAINS.map((domain) => domain.key)).toEqual(mse?.fields.map((field) => field.key));
  });

  it('writes a normal domain into its own field, or as one sentence of a “Mental status” paragraph that replaces that domain’s', () => {
    const speech = MSE_DOMAINS.find((domain) => domain.domain === 'Speech');
    if (!speech) throw new Error('no Speech domain');
    expect(normalMseValue(speech)).toBe('Normal rate, rhythm and volume.');
    const once = withNormalSentence('Mood: “low”.', speech);
    expect(once).toBe('Mood: “low”.\nSpeech: normal rate, rhythm and volume.');
    expect(withNormalSentence('Speech: pressured.\nMood: “low”.', speech)).toBe('Speech: normal rate, rhythm and volume.\nMood: “low”.');
    const paragraph = { heading: 'Mental status', fields: [{ key: 'custom.mse', label: 'Mental status', kind: 'text' as const }] };
    expect(mseTarget(paragraph)).toBe('paragraph');
    expect(mseTarget({ ...paragraph, heading: 'Homework' })).toBeNull();
    expect(mseTarget(NOTE_TEMPLATE_DEFINITIONS.intake.sections[2] ?? paragraph)).toBe('fields');
  });
});
