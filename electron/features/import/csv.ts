/**
 * A client list exported by another practice system, read as a table (papaparse: quotes, line
 * breaks inside quotes, a byte-order mark, CRLF, and `;` or tab delimiters as European spreadsheets
 * write them), then each row read into the patient form's fields and checked with the form's own
 * schema. Runs in the database worker; it reads and never writes.
 */
import { parse } from 'papaparse';
import { AppError } from '../../../shared/errors';
import {
  DATE_FORMAT_LABELS,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  IMPORT_LIMITS,
  IMPORT_MESSAGES,
  MULTI_COLUMN_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  readDate,
  readSexAtBirth,
  suggestDateFormat,
  suggestMapping,
  type ColumnChoice,
  type DateFormat,
  type Duplicate,
  type ImportField,
  type PatientRow,
  type PatientsPreview,
  type RowProblem,
} from '../../../shared/import';
import { DATE_OF_BIRTH_MISSING, patientInputSchema, type PatientInput, type PatientSummary } from '../../../shared/patient';
import { duplicateKey } from './names';

/** How many values of each column the mapping step shows. */
const SAMPLES = 3;

/** A row of the file with its number as a spreadsheet shows it (the header is row 1, blank rows count). */
export type CsvRecord = { row: number; cells: string[] };
export type CsvTable = { headers: string[]; records: CsvRecord[]; delimiter: string };

function refuse(message: string): AppError {
  return new AppError('INVALID_INPUT', message, [{ path: 'content', message }]);
}

/** The file as a header row and the rows under it; a file that is not such a table is refused with the reason. */
export function readTable(content: string): CsvTable {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  // Blank rows are kept while parsing, so each row keeps the number the person sees in a spreadsheet.
  const parsed = parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', ';', '\t', '|'] });
  if (parsed.errors.some((error) => error.code === 'MissingQuotes')) throw refuse(IMPORT_MESSAGES.csvUnreadable);
  const [header, ...rest] = parsed.data;
  const records = rest
    .map((cells, index) => ({ row: index + 2, cells }))
    .filter((record) => record.cells.some((cell) => cell.trim() !== ''));
  if (header === undefined) throw refuse(IMPORT_MESSAGES.csvEmpty);
  const headers = header.map((name) => name.trim());
  if (headers.every((name) => name === '')) throw refuse(IMPORT_MESSAGES.csvNoHeader);
  if (headers.length > IMPORT_LIMITS.columns) throw refuse(IMPORT_MESSAGES.csvTooManyColumns);
  if (records.length === 0) throw refuse(IMPORT_MESSAGES.csvEmpty);
  if (records.length > IMPORT_LIMITS.rows) throw refuse(IMPORT_MESSAGES.csvTooManyRows);
  return { headers, records, delimiter: parsed.meta.delimiter };
}

/** What is wrong with a mapping as a whole: a field the form needs with no column, or a field given two. */
export function mappingProblems(mapping: readonly ColumnChoice[]): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED_IMPORT_FIELDS) {
    if (!mapping.includes(field)) problems.push(IMPORT_MESSAGES.requiredColumn(IMPORT_FIELD_LABELS[field].toLowerCase()));
  }
  for (const field of IMPORT_FIELDS) {
    if (!MULTI_COLUMN_FIELDS.has(field) && mapping.filter((choice) => choice === field).length > 1) {
      problems.push(IMPORT_MESSAGES.columnTwice(IMPORT_FIELD_LABELS[field]));
    }
  }
  return problems;
}

/** One row as the form's fields: the columns set to each field, the date read in the chosen format. */
function rowValues(record: readonly string[], mapping: readonly ColumnChoice[], dateFormat: DateFormat, today: string) {
  const values = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, ''])) as Record<ImportField, string>;
  mapping.forEach((field, column) => {
    const value = (record[column] ?? '').trim();
    if (field === '' || value === '') return;
    // Street, city and ZIP in columns of their own make one address.
    values[field] = values[field] === '' ? value : `${values[field]}, ${value}`;
  });
  const writtenDate = values.dateOfBirth;
  const dateOfBirth = writtenDate === '' ? '' : (readDate(writtenDate, dateFormat, today) ?? writtenDate);
  return { values: { ...values, dateOfBirth, sexAssignedAtBirth: readSexAtBirth(values.sexAssignedAtBirth) }, writtenDate };
}

export type AnalysedRow = PatientRow & { patient: PatientInput | null };

/**
 * Every row of the table as it would be imported: read through the mapping, checked with the patient
 * form's schema (the same messages the form shows), and matched by name and date of birth against
 * the vault's patients and the rows above it.
 */
export function analyseRows(
  table: CsvTable,
  mapping: readonly ColumnChoice[],
  dateFormat: DateFormat,
  existing: readonly PatientSummary[],
  today: string,
): AnalysedRow[] {
  const inVault = new Map<string, PatientSummary>();
  for (const patient of existing) inVault.set(duplicateKey(patient.givenName, patient.familyName, patient.dateOfBirth), patient);
  const inFile = new Map<string, number>();

  return table.records.map(({ row, cells }) => {
    const { values, writtenDate } = rowValues(cells, mapping, dateFormat, today);
    const parsed = patientInputSchema.safeParse(values);
    const problems: RowProblem[] = parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const field = String(issue.path[0] ?? '');
          const label = field in IMPORT_FIELD_LABELS ? IMPORT_FIELD_LABELS[field as ImportField] : field;
          let message = issue.message;
          if (field === 'dateOfBirth' && writtenDate === '') message = DATE_OF_BIRTH_MISSING;
          else if (field === 'dateOfBirth' && values.dateOfBirth === writtenDate)
            message = IMPORT_MESSAGES.notADate(DATE_FORMAT_LABELS[dateFormat]);
          return { field, label, message };
        });
    // One problem a field, the first, as the form shows one under each field.
    const firstProblems = problems.filter((problem, at) => problems.findIndex((other) => other.field === problem.field) === at);

    let duplicate: Duplicate | null = null;
    if (values.givenName !== '' && values.familyName !== '' && values.dateOfBirth !== '') {
      const key = duplicateKey(values.givenName, values.familyName, values.dateOfBirth);
      const patient = inVault.get(key);
      const earlierRow = inFile.get(key);
      if (patient) duplicate = { of: 'vault', chartNumber: patient.chartNumber, archived: patient.archivedAt !== null };
      else if (earlierRow !== undefined) duplicate = { of: 'file', row: earlierRow };
      else inFile.set(key, row);
    }
    return {
      row,
      givenName: values.givenName,
      familyName: values.familyName,
      preferredName: values.preferredName,
      dateOfBirth: values.dateOfBirth,
      phone: values.phone,
      email: values.email,
      problems: firstProblems,
      duplicate,
      patient: parsed.success ? parsed.data : null,
    };
  });
}

/** The mapping and date format asked for, or those suggested by the file's header row and its dates. */
export function previewPatients(
  table: CsvTable,
  asked: { mapping: ColumnChoice[] | null; dateFormat: DateFormat | null },
  existing: readonly PatientSummary[],
  today: string,
): PatientsPreview {
  const mapping = asked.mapping ?? suggestMapping(table.headers);
  if (mapping.length !== table.headers.length) throw refuse(IMPORT_MESSAGES.mappingMismatch);
  const dateColumn = mapping.indexOf('dateOfBirth');
  const suggested = suggestDateFormat(dateColumn < 0 ? [] : table.records.map((record) => record.cells[dateColumn] ?? ''), today);
  const dateFormat = asked.dateFormat ?? suggested.format;
  const rows = analyseRows(table, mapping, dateFormat, existing, today).map(({ patient: _patient, ...row }) => row);
  return {
    columns: table.headers.map((header, column) => ({
      header,
      samples: table.records
        .map((record) => (record.cells[column] ?? '').trim())
        .filter((value) => value !== '')
        .slice(0, SAMPLES),
    })),
    mapping,
    mappingProblems: mappingProblems(mapping),
    dateFormat,
    dateFormatAmbiguous: suggested.ambiguous,
    delimiter: table.delimiter,
    rows,
  };
}
