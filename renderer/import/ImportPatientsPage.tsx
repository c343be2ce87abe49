import { useEffect, useId, useMemo, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';
import type { AppError } from '../../shared/errors';
import {
  DATE_FORMAT_LABELS,
  DATE_FORMATS,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  IMPORT_LIMITS,
  IMPORT_MESSAGES,
  type ColumnChoice,
  type DateFormat,
  type PatientRow,
  type PatientsPreview,
} from '../../shared/import';
import { displayName } from '../../shared/patient';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { formatCalendarDate } from '../format/dates';
import { ImportProblem } from './ImportProblem';
import { FileTooLarge, readPickedFile } from './readFile';
import { FileField } from './FileField';

/** Rows drawn in the table of what will be imported; the counts cover them all. */
const ROWS_SHOWN = 200;

type Picked = { name: string; content: string };
type Imported = { patients: number; duplicatesSkipped: number; leftOut: number };

function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

function rowName(row: PatientRow): string {
  if (row.givenName === '' && row.familyName === '') return '(no name)';
  return displayName({ givenName: row.givenName, familyName: row.familyName, preferredName: row.preferredName || null });
}

/** A date of birth as read, or as the file wrote it when it could not be read. */
function rowDate(row: PatientRow): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(row.dateOfBirth) ? formatCalendarDate(row.dateOfBirth) : row.dateOfBirth;
}

function duplicateText(row: PatientRow): string {
  if (row.duplicate === null) return '';
  if (row.duplicate.of === 'file') return `The same name and date of birth as row ${row.duplicate.row}.`;
  return `Already in Alliance as chart ${row.duplicate.chartNumber}${row.duplicate.archived ? ' (archived)' : ''}.`;
}

export function ImportPatientsPage() {
  const ids = useId();
  const [picked, setPicked] = useState<Picked | null>(null);
  // A new input once an import is done: the file it named has been imported.
  const [fileInput, setFileInput] = useState(0);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnChoice[] | null>(null);
  const [dateFormat, setDateFormat] = useState<DateFormat | null>(null);
  const [preview, setPreview] = useState<PatientsPreview | null>(null);
  const [previewError, setPreviewError] = useState<AppError | null>(null);
  const [leaveOut, setLeaveOut] = useState<ReadonlySet<number>>(new Set());
  const [importDuplicates, setImportDuplicates] = useState<ReadonlySet<number>>(new Set());
  const [imported, setImported] = useState<Imported | null>(null);
  const importPatients = useChannelMutation('import:patients');

  // The file is read again by the worker with each change of the mapping: what it shows is what it would import.
  useEffect(() => {
    if (picked === null) return;
    let current = true;
    call('import:previewPatients', { content: picked.content, mapping, dateFormat })
      .then((answer) => {
        if (!current) return;
        setPreview(answer);
        setPreviewError(null);
      })
      .catch((caught: unknown) => {
        if (!current) return;
        setPreview(null);
        setPreviewError(asAppError(caught));
      });
    return () => {
      current = false;
    };
  }, [picked, mapping, dateFormat]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setImported(null);
    importPatients.reset();
    setPreview(null);
    setPreviewError(null);
    setMapping(null);
    setDateFormat(null);
    setLeaveOut(new Set());
    setImportDuplicates(new Set());
    setPicked(null);
    setReadProblem(null);
    if (!file) return;
    try {
      setPicked({ name: file.name, content: await readPickedFile(file, IMPORT_LIMITS.csvCharacters) });
    } catch (caught) {
      setReadProblem(caught instanceof FileTooLarge ? IMPORT_MESSAGES.csvTooLarge : 'This file could not be read. Choose it again.');
    }
  }

  const rows = useMemo(() => preview?.rows ?? [], [preview]);
  const kept = rows.filter((row) => !leaveOut.has(row.row));
  const toImport = kept.filter((row) => row.duplicate === null || importDuplicates.has(row.row));
  const withProblems = rows.filter((row) => row.problems.length > 0);
  const blocking = toImport.filter((row) => row.problems.length > 0);
  const duplicates = rows.filter((row) => row.duplicate !== null);
  const mappingProblems = preview?.mappingProblems ?? [];
  const canImport = preview !== null && mappingProblems.length === 0 && blocking.length === 0 && toImport.length > 0;

  function toggle(set: ReadonlySet<number>, row: number, on: boolean): ReadonlySet<number> {
    const next = new Set(set);
    if (on) next.add(row);
    else next.delete(row);
    return next;
  }

  async function runImport() {
    if (!picked || !preview) return;
    try {
      const result = await importPatients.mutateAsync({
        content: picked.content,
        mapping: preview.mapping,
        dateFormat: preview.dateFormat,
        leaveOut: [...leaveOut],
        importDuplicates: [...importDuplicates],
      });
      setImported(result);
      setPicked(null);
      setPreview(null);
      setFileInput((n) => n + 1);
    } catch {
      // Shown below from the mutation's state.
    }
  }

  return (
    <div className="page">
      <BackLink to="/import">Import from another system</BackLink>
      <header className="page__header">
        <div>
          <h1 className="page__title">Import patients from a CSV file</h1>
          <p className="page__subtitle">A client list exported from another practice system or a spreadsheet.</p>
        </div>
      </header>

      {imported ? (
        <Notice tone="success" title={`Imported ${plural(imported.patients, 'patient')}.`}>
          {imported.duplicatesSkipped > 0 ? `${plural(imported.duplicatesSkipped, 'duplicate')} skipped. ` : ''}
          {imported.leftOut > 0 ? `${plural(imported.leftOut, 'row')} left out. ` : ''}
          <Link to="/patients">See them in the patient list</Link>
        </Notice>
      ) : null}

      <section className="card">
        <h2 className="card__title">Choose the file</h2>
        <p className="card__text">
          Export the client list from the other system as CSV. Its first row must name the columns. Alliance reads it here and imports
          nothing until you confirm; the file itself is not kept.
        </p>
        <FileField
          id={`${ids}-file`}
          label="CSV file"
          accept=".csv,.tsv,.txt,text/csv"
          resetKey={fileInput}
          onChoose={(e) => void choose(e)}
        />
        {picked && preview ? (
          <p className="muted" role="status">
            Read <bdi>{picked.name}</bdi>: {plural(rows.length, 'row')} under the header row, {plural(preview.columns.length, 'column')}{' '}
            separated by {preview.delimiter === '\t' ? 'tabs' : `“${preview.delimiter}”`}.
          </p>
        ) : null}
        {readProblem ? <Notice tone="error">{readProblem}</Notice> : null}
        {previewError ? <ImportProblem error={previewError} /> : null}
      </section>

      {picked && preview ? (
        <>
          <section className="card">
            <h2 className="card__title">Match the columns</h2>
            <p className="card__text">
              Each column of the file, its first values, and the field of the patient form it fills, suggested from the column’s name.
              Change any that are wrong; a column set to “Not imported” is left out.
            </p>
            <div className="table-frame">
              <table className="table import__mapping">
                <caption className="visually-hidden">Columns of the file and the fields they fill</caption>
                <thead>
                  <tr>
                    <th scope="col">Column in the file</th>
                    <th scope="col">First values</th>
                    <th scope="col">Fills</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.columns.map((column, index) => (
                    <tr key={index}>
                      <th scope="row">
                        <bdi>{column.header || `Column ${index + 1}`}</bdi>
                      </th>
                      <td>
                        <div className="import__samples">
                          {column.samples.length === 0 ? (
                            <span className="muted">Empty</span>
                          ) : (
                            column.samples.map((sample, at) => (
                              <span key={at} className="import__sample">
                                <bdi>{sample}</bdi>
                              </span>
                            ))
                          )}
                        </div>
                      </td>
                      <td>
                        <select
                          className="input input--select"
                          aria-label={`Field for the column “${column.header || `Column ${index + 1}`}”`}
                          value={preview.mapping[index] ?? ''}
                          onChange={(event) => {
                            const next = [...preview.mapping];
                            next[index] = event.target.value as ColumnChoice;
                            setMapping(next);
                          }}
                        >
                          <option value="">Not imported</option>
                          {IMPORT_FIELDS.map((field) => (
                            <option key={field} value={field}>
                              {IMPORT_FIELD_LABELS[field]}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="field import__date-format">
              <label className="field__label" htmlFor={`${ids}-date-format`}>
                Dates of birth are written
              </label>
              <select
                id={`${ids}-date-format`}
                className="input input--select"
                value={preview.dateFormat}
                onChange={(event) => setDateFormat(event.target.value as DateFormat)}
              >
                {DATE_FORMATS.map((format) => (
                  <option key={format} value={format}>
                    {DATE_FORMAT_LABELS[format]}
                  </option>
                ))}
              </select>
            </div>
            {preview.dateFormatAmbiguous ? (
              <Notice tone="warning">
                Every date of birth in this file could be read either way round (03/04/1990 is 4 March or 3 April). Check the dates below,
                and change the format if they are wrong.
              </Notice>
            ) : null}
            {mappingProblems.length > 0 ? (
              <Notice tone="error" title="The columns need a change before anything can be imported">
                <ul className="import__list">
                  {mappingProblems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              </Notice>
            ) : null}
          </section>

          <section className="card">
            <h2 className="card__title">Check the rows</h2>
            <p className="card__text" role="status">
              {plural(rows.length, 'row')}: {plural(toImport.length, 'patient')} to import
              {withProblems.length > 0 ? `, ${plural(withProblems.length, 'row')} with problems` : ''}
              {duplicates.length > 0 ? `, ${plural(duplicates.length, 'duplicate')}` : ''}
              {leaveOut.size > 0 ? `, ${plural(leaveOut.size, 'row')} left out` : ''}.
            </p>

            {withProblems.length > 0 ? (
              <div className="import__group">
                <h3 className="import__heading">Rows with problems</h3>
                <p className="muted">
                  Fix these rows in the file and choose it again, or leave them out. Nothing is imported while a row to import has a
                  problem. Rows are numbered as a spreadsheet numbers them, the header being row 1.
                </p>
                <ul className="import__rows" aria-label="Rows with problems">
                  {withProblems.map((row) => (
                    <li key={row.row} className={`import__row${leaveOut.has(row.row) ? ' import__row--out' : ''}`}>
                      <p className="import__row-title">
                        <strong>Row {row.row}</strong> · <bdi>{rowName(row)}</bdi>
                      </p>
                      <ul className="import__problems">
                        {row.problems.map((problem) => (
                          <li key={problem.field}>
                            {problem.label}: {problem.message}
                          </li>
                        ))}
                      </ul>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={leaveOut.has(row.row)}
                          onChange={(event) => setLeaveOut(toggle(leaveOut, row.row, event.target.checked))}
                        />
                        <span>Leave row {row.row} out</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}

            {duplicates.length > 0 ? (
              <div className="import__group">
                <h3 className="import__heading">Duplicates</h3>
                <p className="muted">
                  The same family name, given name and date of birth as a patient already in Alliance or an earlier row. They are skipped
                  unless you import them anyway.
                </p>
                <ul className="import__rows" aria-label="Duplicates">
                  {duplicates.map((row) => (
                    <li key={row.row} className="import__row">
                      <p className="import__row-title">
                        <strong>Row {row.row}</strong> · <bdi>{rowName(row)}</bdi>, {rowDate(row)}
                      </p>
                      <p className="muted">{duplicateText(row)}</p>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={importDuplicates.has(row.row)}
                          disabled={leaveOut.has(row.row)}
                          onChange={(event) => setImportDuplicates(toggle(importDuplicates, row.row, event.target.checked))}
                        />
                        <span>Import row {row.row} anyway</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}

            {toImport.length > 0 ? (
              <div className="import__group">
                <h3 className="import__heading">To import</h3>
                <div className="table-frame">
                  <table className="table">
                    <caption className="visually-hidden">The patients to import</caption>
                    <thead>
                      <tr>
                        <th scope="col" className="table__num import__row-number">
                          Row
                        </th>
                        <th scope="col">Name</th>
                        <th scope="col">Date of birth</th>
                        <th scope="col">Phone</th>
                        <th scope="col">Email</th>
                      </tr>
                    </thead>
                    <tbody>
                      {toImport.slice(0, ROWS_SHOWN).map((row) => (
                        <tr key={row.row} className={row.problems.length > 0 ? 'import__row--problem' : undefined}>
                          <td className="table__num">{row.row}</td>
                          <th scope="row" className="table__name">
                            <bdi>{rowName(row)}</bdi>
                            {row.problems.length > 0 ? <span className="badge badge--warning">Needs fixing</span> : null}
                          </th>
                          <td>
                            <bdi>{rowDate(row)}</bdi>
                          </td>
                          <td>
                            <bdi>{row.phone}</bdi>
                          </td>
                          <td>
                            <bdi>{row.email}</bdi>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {toImport.length > ROWS_SHOWN ? (
                    <div className="table-frame__more">
                      <span className="muted">
                        Showing the first {ROWS_SHOWN.toLocaleString()} of {toImport.length.toLocaleString()}.
                      </span>
                    </div>
                  ) : null}
                </div>
              </div>
            ) : null}
          </section>

          {importPatients.error ? <ImportProblem error={importPatients.error} /> : null}
          <div className="form-actions import__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={!canImport || importPatients.isPending}
              onClick={() => void runImport()}
            >
              {importPatients.isPending ? 'Importing…' : `Import ${plural(toImport.length, 'patient')}`}
            </button>
            {!canImport ? (
              <p className="muted">
                {mappingProblems.length > 0
                  ? 'Match the columns first.'
                  : blocking.length > 0
                    ? `Fix ${plural(blocking.length, 'row')} in the file and choose it again, or leave ${blocking.length === 1 ? 'it' : 'them'} out.`
                    : IMPORT_MESSAGES.nothingToImport}
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
