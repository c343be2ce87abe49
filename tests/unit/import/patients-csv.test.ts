/**
 * Patients from another system's client list, on a real encrypted vault: nothing lands until every
 * row to import is right, then every patient once; columns, date formats and delimiters as other
 * systems and spreadsheets write them; and an import that fails half-way leaves nothing behind.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { IMPORT_MESSAGES, readDate, suggestDateFormat, suggestMapping } from '../../../shared/import';
import { DATE_OF_BIRTH_MISSING } from '../../../shared/patient';
import { PHONE_MESSAGE } from '../../../shared/phone';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { PASSPHRASE } from '../support/temp-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

const NOW = '2026-03-02T10:00:00.000Z';

/** As SimplePractice-like systems export a client list: quoted values, CRLF, an address in columns of its own. */
const CLIENT_LIST = [
  'Client First Name,Client Last Name,Preferred Name,Date of Birth,Mobile Phone,Email,Street,City,State,ZIP,Notes',
  'Ingrid,Berg,,04/23/1979,(555) 201-3344,ingrid@example.org,12 Elm St,Springfield,IL,62701,',
  '"Tomás","O\'Neil, Jr",Tom,3/4/1990,,tomas.oneil@example.org,,,,,"Prefers mornings,\nno voicemail"',
  'Ada,Lovelace,,12/10/1815,,,,,,,',
  ',Nakamura,,11/30/1992,call me,not an email,,,,,',
  'Ingrid,Berg,,04/23/1979,,,,,,,',
].join('\r\n');

const FIXED = CLIENT_LIST.replace('12/10/1815', '12/10/1985').replace(
  ',Nakamura,,11/30/1992,call me,not an email',
  'Yui,Nakamura,,11/30/1992,555 300 4000,yui@example.org',
);

const MAPPING = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'address',
  'address',
  'address',
  '',
] as const;

async function importAll(content: string, extra: { leaveOut?: number[]; importDuplicates?: number[] } = {}) {
  return vault.call('import:patients', {
    content,
    mapping: [...MAPPING],
    dateFormat: 'mdy',
    leaveOut: extra.leaveOut ?? [],
    importDuplicates: extra.importDuplicates ?? [],
  });
}

async function listed(): Promise<string[]> {
  return (await vault.call('patients:list', { includeArchived: true })).map((p) => `${p.familyName}, ${p.givenName} ${p.dateOfBirth}`);
}

/** The import rows and audit entries, read with the raw key as any SQLCipher tool would. */
async function importRecords(): Promise<{ imports: unknown[]; audit: unknown[]; auditText: string }> {
  await vault.call('vault:lock', {});
  const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
  try {
    return {
      imports: db.prepare('SELECT source, patients, sessions FROM imports ORDER BY imported_at').all(),
      audit: db.prepare("SELECT action, record_type, patient_id FROM audit_log WHERE action LIKE 'import.%' ORDER BY seq").all(),
      auditText: JSON.stringify(db.prepare('SELECT * FROM audit_log').all()),
    };
  } finally {
    db.close();
  }
}

describe('patients from a CSV client list', () => {
  it('lists each bad row with its reasons, imports nothing until the file is fixed, then every patient exactly once', async () => {
    vault = await openCalendarVault(NOW);
    const before = await listed();

    const preview = await vault.call('import:previewPatients', { content: CLIENT_LIST, mapping: null, dateFormat: null });
    expect(preview.mapping).toEqual(MAPPING);
    expect(preview.dateFormat).toBe('mdy');
    expect(preview.mappingProblems).toEqual([]);
    expect(preview.columns[6]).toEqual({ header: 'Street', samples: ['12 Elm St'] });
    expect(preview.rows.map((row) => [row.row, row.givenName, row.familyName, row.dateOfBirth])).toEqual([
      [2, 'Ingrid', 'Berg', '1979-04-23'],
      [3, 'Tomás', "O'Neil, Jr", '1990-03-04'],
      [4, 'Ada', 'Lovelace', '1815-12-10'],
      [5, '', 'Nakamura', '1992-11-30'],
      [6, 'Ingrid', 'Berg', '1979-04-23'],
    ]);
    // The patient form's own messages.
    expect(preview.rows[2]!.problems).toEqual([
      { field: 'dateOfBirth', label: 'Date of birth', message: 'The date of birth must be between 1900 and today' },
    ]);
    expect(preview.rows[3]!.problems).toEqual([
      { field: 'givenName', label: 'Given name', message: 'Enter the given name' },
      { field: 'phone', label: 'Phone', message: PHONE_MESSAGE },
      { field: 'email', label: 'Email', message: 'This is not an email address' },
    ]);
    expect(preview.rows[4]!.duplicate).toEqual({ of: 'file', row: 2 });

    const refused = await vault.refuse('import:patients', {
      content: CLIENT_LIST,
      mapping: [...MAPPING],
      dateFormat: 'mdy',
      leaveOut: [],
      importDuplicates: [],
    });
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.message).toBe(IMPORT_MESSAGES.rowsToFix(2));
    expect(refused.issues).toEqual([
      { path: 'row 4', message: 'Date of birth: The date of birth must be between 1900 and today' },
      { path: 'row 5', message: `Given name: Enter the given name; Phone: ${PHONE_MESSAGE}; Email: This is not an email address` },
    ]);
    expect(await listed()).toEqual(before);

    const imported = await importAll(FIXED);
    expect(imported).toMatchObject({ patients: 4, duplicatesSkipped: 1, leftOut: 0 });
    expect(await listed()).toEqual(
      [...before, 'Berg, Ingrid 1979-04-23', "O'Neil, Jr, Tomás 1990-03-04", 'Lovelace, Ada 1985-12-10', 'Nakamura, Yui 1992-11-30'].sort(
        (a, b) => a.localeCompare(b),
      ),
    );
    const tomas = (await vault.call('patients:list', { includeArchived: false })).find((p) => p.givenName === 'Tomás')!;
    const chart = await vault.call('patients:get', { id: tomas.id });
    expect(chart).toMatchObject({ preferredName: 'Tom', email: 'tomas.oneil@example.org', phone: null, address: null });
    const ingrid = (await vault.call('patients:list', { includeArchived: false })).find((p) => p.familyName === 'Berg')!;
    expect((await vault.call('patients:get', { id: ingrid.id })).address).toBe('12 Elm St, Springfield, IL, 62701');
    // Found by search like any patient.
    expect((await vault.call('search:query', { text: 'Nakamura' })).some((hit) => JSON.stringify(hit).includes('Nakamura'))).toBe(true);

    // The same file again: every row is now a duplicate, and nothing more is imported.
    const again = await vault.call('import:previewPatients', { content: FIXED, mapping: [...MAPPING], dateFormat: 'mdy' });
    expect(again.rows.map((row) => row.duplicate?.of)).toEqual(['vault', 'vault', 'vault', 'vault', 'vault']);
    expect(
      (
        await vault.refuse('import:patients', {
          content: FIXED,
          mapping: [...MAPPING],
          dateFormat: 'mdy',
          leaveOut: [],
          importDuplicates: [],
        })
      ).message,
    ).toBe(IMPORT_MESSAGES.nothingToImport);
    expect(await listed()).toHaveLength(before.length + 4);

    // One entry per import in the audit log, naming no one; the import's own row says how many and from what.
    const records = await importRecords();
    expect(records.imports).toEqual([{ source: 'patients-csv', patients: 4, sessions: 0 }]);
    expect(records.audit).toEqual([{ action: 'import.patients', record_type: 'import', patient_id: null }]);
    expect(records.auditText).not.toMatch(/Nakamura|Lovelace|Berg|Neil/);
  });

  it('leaves out the rows the person leaves out, and imports a duplicate only when chosen', async () => {
    vault = await openCalendarVault(NOW);
    // A blank row (and one of empty cells) still counts, as in the spreadsheet the person fixes the file in.
    const content = [
      'First name;Last name;DOB',
      'Maren;Holloway;12.06.1984',
      '',
      'Kofi;Mensah;01.02.1970',
      ';;',
      'Bad;Row;31.02.1970',
    ].join('\n');
    const preview = await vault.call('import:previewPatients', { content, mapping: null, dateFormat: null });
    expect(preview.delimiter).toBe(';');
    expect(preview.dateFormat).toBe('dmy');
    expect(preview.rows[0]!.duplicate).toEqual({ of: 'vault', chartNumber: vault.maren.chartNumber, archived: false });
    expect(preview.rows.map((row) => row.row)).toEqual([2, 4, 6]);
    expect(preview.rows[2]!.problems).toEqual([
      { field: 'dateOfBirth', label: 'Date of birth', message: IMPORT_MESSAGES.notADate('day/month/year (25/03/1990)') },
    ]);
    const mapping = [...preview.mapping];
    expect(
      (await vault.refuse('import:patients', { content, mapping, dateFormat: 'dmy', leaveOut: [3], importDuplicates: [] })).message,
    ).toBe(IMPORT_MESSAGES.unknownRow);
    const imported = await vault.call('import:patients', { content, mapping, dateFormat: 'dmy', leaveOut: [6], importDuplicates: [2] });
    expect(imported).toMatchObject({ patients: 2, duplicatesSkipped: 0, leftOut: 1 });
    const names = (await vault.call('patients:list', { includeArchived: false })).map((p) => `${p.givenName} ${p.familyName}`);
    expect(names.filter((name) => name === 'Maren Holloway')).toHaveLength(2);
    expect(names).toContain('Kofi Mensah');
    expect(names).not.toContain('Bad Row');
  });

  it('reads a byte-order mark, tab delimiters and a mapping the person changes, and refuses a mapping without a date of birth', async () => {
    vault = await openCalendarVault(NOW);
    const content = '\uFEFFSurname\tForename\tBorn\tGender\r\nAsante\tAma\t1975-05-06\tF\r\n';
    const preview = await vault.call('import:previewPatients', { content, mapping: null, dateFormat: null });
    expect(preview.columns.map((column) => column.header)).toEqual(['Surname', 'Forename', 'Born', 'Gender']);
    expect(preview.mapping).toEqual(['familyName', 'givenName', 'dateOfBirth', 'genderIdentity']);
    expect(preview.dateFormat).toBe('ymd');
    // "F" is a sex assigned at birth, not a gender identity: the person says so.
    const mapping = ['familyName', 'givenName', 'dateOfBirth', 'sexAssignedAtBirth'] as const;
    const withoutDate = ['familyName', 'givenName', '', 'sexAssignedAtBirth'] as const;
    const unmapped = await vault.call('import:previewPatients', { content, mapping: [...withoutDate], dateFormat: 'ymd' });
    expect(unmapped.mappingProblems).toEqual([IMPORT_MESSAGES.requiredColumn('date of birth')]);
    expect(unmapped.rows[0]!.problems).toEqual([{ field: 'dateOfBirth', label: 'Date of birth', message: DATE_OF_BIRTH_MISSING }]);
    expect(
      (await vault.refuse('import:patients', { content, mapping: [...withoutDate], dateFormat: 'ymd', leaveOut: [], importDuplicates: [] }))
        .message,
    ).toBe(IMPORT_MESSAGES.requiredColumn('date of birth'));
    await vault.call('import:patients', { content, mapping: [...mapping], dateFormat: 'ymd', leaveOut: [], importDuplicates: [] });
    const ama = (await vault.call('patients:list', { includeArchived: false })).find((p) => p.familyName === 'Asante')!;
    expect(await vault.call('patients:get', { id: ama.id })).toMatchObject({
      givenName: 'Ama',
      dateOfBirth: '1975-05-06',
      sexAssignedAtBirth: 'female',
    });
  });

  it('refuses a file that is not a client list, naming the problem, and a file larger than the limit', async () => {
    vault = await openCalendarVault(NOW);
    for (const [content, message] of [
      ['First name,Last name\n', IMPORT_MESSAGES.csvEmpty],
      ['', IMPORT_MESSAGES.csvEmpty],
      ['First name,Last name\n"Maren,Holloway\n', IMPORT_MESSAGES.csvUnreadable],
    ] as const) {
      const refused = await vault.refuse('import:previewPatients', { content, mapping: null, dateFormat: null });
      expect(refused).toMatchObject({ code: 'INVALID_INPUT', message });
    }
    const tooLarge = await vault.refuse('import:previewPatients', { content: 'x'.repeat(8_000_001), mapping: null, dateFormat: null });
    expect(tooLarge.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(tooLarge)).toContain(IMPORT_MESSAGES.csvTooLarge);
    const mismatch = await vault.refuse('import:previewPatients', { content: FIXED, mapping: ['givenName'], dateFormat: null });
    expect(mismatch.message).toBe(IMPORT_MESSAGES.mappingMismatch);
  });

  it('rolls back every patient when the import fails half-way, and lands whole once it can', async () => {
    vault = await openCalendarVault(NOW);
    const before = await listed();
    // A fault in the middle: the database refuses the third new patient.
    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    db.exec(`CREATE TRIGGER third_fails BEFORE INSERT ON patients WHEN (SELECT count(*) FROM patients) >= ${before.length + 2}
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;`);
    db.close();
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });

    const refused = await vault.refuse('import:patients', {
      content: FIXED,
      mapping: [...MAPPING],
      dateFormat: 'mdy',
      leaveOut: [],
      importDuplicates: [],
    });
    expect(refused.code).toBe('INTERNAL');
    expect(await listed()).toEqual(before);
    expect((await vault.call('search:query', { text: 'Berg' })).length).toBe(0);

    await vault.call('vault:lock', {});
    const fixed = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    fixed.exec('DROP TRIGGER third_fails');
    expect(fixed.prepare('SELECT count(*) FROM imports', { pluck: true }).get()).toBe(0);
    expect(fixed.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'import.%'", { pluck: true }).get()).toBe(0);
    fixed.close();
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await importAll(FIXED)).patients).toBe(4);
    expect(await listed()).toHaveLength(before.length + 4);
  });
});

describe('reading a client list’s columns and dates', () => {
  const TODAY = '2026-03-02';

  it('suggests each column’s field from the header names other systems use', () => {
    expect(
      suggestMapping([
        'Legal First Name',
        'Last',
        'Nickname',
        'DOB',
        'Cell Phone',
        'E-mail Address',
        'Address 1',
        'Postal Code',
        'Diagnosis',
      ]),
    ).toEqual(['givenName', 'familyName', 'preferredName', 'dateOfBirth', 'phone', 'email', 'address', 'address', '']);
  });

  it('reads dates of birth as US, European and ISO lists write them', () => {
    expect(readDate('03/04/1990', 'mdy', TODAY)).toBe('1990-03-04');
    expect(readDate('03/04/1990', 'dmy', TODAY)).toBe('1990-04-03');
    expect(readDate('3/4/90', 'mdy', TODAY)).toBe('1990-03-04');
    expect(readDate('1/2/05', 'dmy', TODAY)).toBe('2005-02-01');
    expect(readDate('25.03.1990', 'dmy', TODAY)).toBe('1990-03-25');
    expect(readDate('1990-03-25', 'mdy', TODAY)).toBe('1990-03-25');
    expect(readDate('1990/3/25 00:00:00', 'dmy', TODAY)).toBe('1990-03-25');
    expect(readDate('25 Mar 1990', 'mdy', TODAY)).toBe('1990-03-25');
    expect(readDate('March 25, 1990', 'dmy', TODAY)).toBe('1990-03-25');
    expect(readDate('25-Sept-1990', 'ymd', TODAY)).toBe('1990-09-25');
    expect(readDate('02/30/1990', 'mdy', TODAY)).toBeNull();
    expect(readDate('25/03/1990', 'mdy', TODAY)).toBeNull();
    expect(readDate('03/25/1990', 'ymd', TODAY)).toBeNull();
    expect(readDate('sometime in 1990', 'mdy', TODAY)).toBeNull();
  });

  it('suggests the format that reads the dates, and says when day and month could be either way round', () => {
    expect(suggestDateFormat(['04/23/1979', '3/4/1990'], TODAY)).toEqual({ format: 'mdy', ambiguous: false });
    expect(suggestDateFormat(['23/04/1979', '3/4/1990'], TODAY)).toEqual({ format: 'dmy', ambiguous: false });
    expect(suggestDateFormat(['03/04/1990', '05/06/1980'], TODAY)).toEqual({ format: 'mdy', ambiguous: true });
    expect(suggestDateFormat(['12.06.1984', '01.02.1970'], TODAY)).toEqual({ format: 'dmy', ambiguous: true });
    expect(suggestDateFormat(['1979-04-23', ''], TODAY)).toEqual({ format: 'ymd', ambiguous: false });
  });
});
