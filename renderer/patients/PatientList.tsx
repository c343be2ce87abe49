import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { displayName, patientAge, type PatientSummary } from '../../shared/patient';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatAge, formatCalendarDate } from '../format/dates';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const ROWS_AT_A_TIME = 100;

/** Matches a name, a phone number (by its digits) or a date of birth (as written or as shown). */
function matches(patient: PatientSummary, filter: string): boolean {
  const wanted = filter.trim().toLocaleLowerCase();
  if (wanted === '') return true;
  const haystack = [
    displayName(patient),
    patient.givenName,
    patient.familyName,
    patient.preferredName ?? '',
    patient.dateOfBirth,
    formatCalendarDate(patient.dateOfBirth),
    patient.phone ?? '',
    String(patient.chartNumber),
  ]
    .join(' ')
    .toLocaleLowerCase();
  if (haystack.includes(wanted)) return true;
  const digits = wanted.replace(/\D/g, '');
  return digits.length >= 3 && /^[\d\s()+\-.]+$/.test(wanted) && (patient.phone ?? '').replace(/\D/g, '').includes(digits);
}

export function PatientList() {
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  // Drawn from local state so the box ticks at once; the address keeps it across a lock.
  const [showArchived, setShowArchived] = useState(searchParams.get('archived') === '1');
  // Kept in memory only: a name typed here never goes into the address or a preference.
  const [filter, setFilter] = useState('');
  // A practice's whole list is thousands of rows: drawn a hundred at a time, it opens and leaves at once.
  const [shown, setShown] = useState(ROWS_AT_A_TIME);
  const patients = useChannelQuery('patients:list', { includeArchived: showArchived }, { keepPrevious: true });

  const rows = useMemo(() => {
    const all = [...(patients.data ?? [])].sort(
      (a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName) || a.chartNumber - b.chartNumber,
    );
    return all.filter((patient) => matches(patient, filter));
  }, [patients.data, filter]);

  const total = patients.data?.length ?? 0;
  const addPatient = () => void navigate('/patients/new');

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Patients</h1>
          {patients.data && total > 0 ? (
            <p className="page__subtitle">
              {total === 1 ? '1 patient' : `${total} patients`}
              {showArchived ? ', including archived' : ''}
            </p>
          ) : null}
        </div>
        <div className="page__actions">
          <Link className="button button--secondary" to="/import">
            Import from another system
          </Link>
          <button type="button" className="button button--primary" onClick={addPatient}>
            Add patient
          </button>
        </div>
      </header>

      <div className="toolbar">
        <div className="toolbar__search">
          <label className="visually-hidden" htmlFor="patient-filter">
            Filter patients
          </label>
          <svg className="toolbar__search-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <input
            id="patient-filter"
            className="input toolbar__input"
            type="search"
            placeholder="Filter by name, phone or date of birth"
            autoComplete="off"
            spellCheck={false}
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setShown(ROWS_AT_A_TIME);
            }}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(event) => {
              setShowArchived(event.target.checked);
              setSearchParams(event.target.checked ? { archived: '1' } : {}, { replace: true });
            }}
          />
          <span>Show archived</span>
        </label>
      </div>

      {patients.isPending ? (
        <p className="muted" role="status">
          Loading patients…
        </p>
      ) : null}
      {patients.error ? <Notice tone="error">{explain(patients.error)}</Notice> : null}

      {patients.data && total === 0 ? (
        <section className="empty-state">
          <h2 className="empty-state__title">{showArchived ? 'No patients, archived or not' : 'No patients yet'}</h2>
          <p className="empty-state__text">Add your first patient to start their record. Only their name and date of birth are needed.</p>
          <button type="button" className="button button--primary" onClick={addPatient}>
            Add your first patient
          </button>
          {showArchived ? null : (
            <p className="empty-state__text">
              Coming from another practice system? <Link to="/import">Import your patients and sessions</Link>.
            </p>
          )}
        </section>
      ) : null}

      {patients.data && total > 0 && rows.length === 0 ? (
        <p className="muted" role="status">
          No patient matches “{filter.trim()}”.
        </p>
      ) : null}

      {rows.length > 0 ? (
        <div className="table-frame">
          <table className="table table--rows-link">
            <caption className="visually-hidden">Patients{filter.trim() ? ` matching “${filter.trim()}”` : ''}</caption>
            <colgroup>
              <col className="table__col-name" />
              <col className="table__col-dob" />
              <col className="table__col-phone" />
              <col className="table__col-chart" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Date of birth</th>
                <th scope="col">Phone</th>
                <th scope="col" className="table__num">
                  Chart no.
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((patient) => (
                <tr
                  key={patient.id}
                  className={patient.archivedAt ? 'table__row--archived' : undefined}
                  onClick={(event) => {
                    // The name is the keyboard's way in; a click anywhere else on the row does the same.
                    if ((event.target as HTMLElement).closest('a')) return;
                    void navigate(`/patients/${patient.id}`);
                  }}
                >
                  <th scope="row" className="table__name">
                    <Link to={`/patients/${patient.id}`}>
                      <bdi>{displayName(patient)}</bdi>
                    </Link>
                    {patient.archivedAt ? <span className="badge badge--muted">Archived</span> : null}
                  </th>
                  <td>
                    {formatCalendarDate(patient.dateOfBirth)}
                    <span className="muted"> · {formatAge(patientAge(patient))}</span>
                  </td>
                  <td>
                    {patient.phone ?? (
                      <>
                        <span className="muted" aria-hidden="true">
                          —
                        </span>
                        <span className="visually-hidden">No phone</span>
                      </>
                    )}
                  </td>
                  <td className="table__num">{patient.chartNumber}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > shown ? (
            <div className="table-frame__more">
              <span className="muted">
                Showing {shown.toLocaleString()} of {rows.length.toLocaleString()}. Type in the filter, or press Ctrl+K, to find one at
                once.
              </span>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setShown((n) => n + ROWS_AT_A_TIME * 5)}
              >
                Show {Math.min(ROWS_AT_A_TIME * 5, rows.length - shown).toLocaleString()} more
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
