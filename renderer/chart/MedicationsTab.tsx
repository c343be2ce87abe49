import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { localToday } from '../../shared/dates';
import {
  MEDICATION_EVENT_LABELS,
  MEDICATION_ROUTES,
  medicationEventInputSchema,
  type Medication,
  type MedicationEvent,
  type MedicationEventInput,
  type MedicationRoute,
} from '../../shared/medication';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { MedicationDifferenceText } from '../components/MedicationDifferenceText';
import { PlannedChanges, titrationBuilderPath } from '../titrations';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatLongCalendarDate } from '../format/dates';
import { AllergiesSection } from './AllergiesSection';
import { useChart } from './chartContext';
import { EnteredInErrorDialog } from './EnteredInErrorDialog';
import { useFleetingMessage } from './useFleetingMessage';

type Field = 'name' | 'dose' | 'route' | 'frequency' | 'date' | 'reason' | 'form';
type Problems = Partial<Record<Field, string>>;

function problemsFrom(issues: readonly { path: string; message: string }[]): Problems {
  const found: Problems = {};
  for (const issue of issues) {
    const key = issue.path.split('.').pop() ?? '';
    if (key === 'name' || key === 'dose' || key === 'route' || key === 'frequency' || key === 'date' || key === 'reason')
      found[key] ??= issue.message;
    else found.form ??= issue.message;
  }
  return found;
}

/** While the plan in force and the list differ, the tab says so plainly, each difference in words. */
function PlanDifferences({ patientId }: { patientId: string }) {
  const check = useChannelQuery('medications:planDifferences', { patientId });
  if (!check.data || check.data.differences.length === 0) return null;
  const { number, agreedOn, differences } = check.data;
  return (
    <Notice tone="warning" title="The plan and the medication list differ">
      <p>
        Compared with the treatment plan in force (revision {number}, agreed on {formatLongCalendarDate(agreedOn)}):
      </p>
      <ul className="plan-differences" aria-label="Differences from the treatment plan">
        {differences.map((difference) => (
          <li key={`${difference.interventionId ?? ''}${difference.medicationId ?? ''}`}>
            <MedicationDifferenceText difference={difference} />
          </li>
        ))}
      </ul>
      <p>
        Record each change below when it is made, or <Link to={`/patients/${patientId}/plan`}>revise the plan</Link> if the list is right.
      </p>
    </Notice>
  );
}

/** Current medications and their full history: start, change a dose, stop, each dated with its reason; and allergies. */
export function MedicationsTab() {
  const { patient } = useChart();
  const location = useLocation();
  const medications = useChannelQuery('medications:list', { patientId: patient.id });
  const [starting, setStarting] = useState(false);
  const [message, setMessage] = useFleetingMessage();

  // The side panel's "Manage" for allergies lands here, at the allergies.
  useEffect(() => {
    if (location.hash === '#allergies') document.getElementById('allergies')?.scrollIntoView({ block: 'start' });
  }, [location.hash]);

  // Every entry, newest first: a course whose start was entered in error is no medication, but its entries are history.
  const history = medications.data?.entries ?? [];

  return (
    <div className="medications">
      <section aria-labelledby="medications-title">
        <div className="chart-section__head">
          <h2 className="chart-section__title" id="medications-title">
            Medications
          </h2>
          {!starting ? (
            <button type="button" className="button button--primary" onClick={() => (setStarting(true), setMessage(null))}>
              Start a medication
            </button>
          ) : null}
        </div>
        {message ? <Notice tone="success">{message}</Notice> : null}
        <PlanDifferences patientId={patient.id} />
        {starting ? (
          <MedicationEntryForm
            patientId={patient.id}
            kind="start"
            onDone={(text) => {
              setStarting(false);
              setMessage(text);
            }}
            onCancel={() => setStarting(false)}
          />
        ) : null}
        {medications.error ? <Notice tone="error">{explain(medications.error)}</Notice> : null}
        {medications.isPending ? (
          <p className="muted" role="status">
            Loading medications…
          </p>
        ) : null}

        <h3 className="chart-subsection__title">Current</h3>
        {medications.data && medications.data.current.length === 0 ? <p className="muted">No current medications recorded.</p> : null}
        {medications.data && medications.data.current.length > 0 ? (
          <ul className="record-list" aria-label="Current medications">
            {medications.data.current.map((medication) => (
              <CurrentMedication key={medication.medicationId} medication={medication} patientId={patient.id} onDone={setMessage} />
            ))}
          </ul>
        ) : null}

        <PlannedChanges patientId={patient.id} />

        {medications.data && medications.data.past.length > 0 ? (
          <>
            <h3 className="chart-subsection__title">Stopped</h3>
            <ul className="record-list" aria-label="Stopped medications">
              {medications.data.past.map((medication) => (
                <li key={medication.medicationId} className="record-list__item record-list__item--past">
                  <div className="record-list__main">
                    <p className="record-list__title">
                      <strong>
                        <bdi>{medication.name}</bdi>
                      </strong>{' '}
                      <bdi>{medication.dose}</bdi>, {medication.route}, <bdi>{medication.frequency}</bdi>
                    </p>
                    <p className="record-list__meta">
                      {formatCalendarDate(medication.startedOn)} to {medication.stoppedOn ? formatCalendarDate(medication.stoppedOn) : '—'}
                      {medication.stopReason ? (
                        <>
                          {' · Stopped: '}
                          <bdi>{medication.stopReason}</bdi>
                        </>
                      ) : null}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {history.length > 0 ? (
          <section className="chart-subsection" aria-labelledby="medication-history-title">
            <h3 className="chart-subsection__title" id="medication-history-title">
              Full history
            </h3>
            <div className="table-frame">
              <table className="table history-table">
                <caption className="visually-hidden">Every medication entry, newest first</caption>
                <colgroup>
                  <col className="history-table__date" />
                  <col className="history-table__entry" />
                  <col className="history-table__reason" />
                  <col className="history-table__action" />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Entry</th>
                    <th scope="col">Reason</th>
                    <th scope="col">
                      <span className="visually-hidden">Correction</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((event) => (
                    <HistoryRow key={event.id} event={event} />
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
      </section>

      <AllergiesSection patientId={patient.id} />
    </div>
  );
}

function HistoryRow({ event }: { event: MedicationEvent }) {
  const [marking, setMarking] = useState(false);
  const mark = useChannelMutation('medications:markEnteredInError');
  const inError = event.enteredInError !== null;
  const entry =
    event.kind === 'stop'
      ? `${MEDICATION_EVENT_LABELS.stop}: ${event.name}`
      : `${MEDICATION_EVENT_LABELS[event.kind]}: ${event.name} ${event.dose}, ${event.route}, ${event.frequency}`;
  // The same words on screen, each typed part isolated (the string above names the button to assistive technology).
  const shown =
    event.kind === 'stop' ? (
      <>
        {MEDICATION_EVENT_LABELS.stop}: <bdi>{event.name}</bdi>
      </>
    ) : (
      <>
        {MEDICATION_EVENT_LABELS[event.kind]}: <bdi>{event.name}</bdi> <bdi>{event.dose}</bdi>, {event.route}, <bdi>{event.frequency}</bdi>
      </>
    );
  return (
    <tr className={inError ? 'history-table__row--in-error' : undefined}>
      <td>{formatCalendarDate(event.date)}</td>
      <td>
        {inError ? <s>{shown}</s> : shown}
        {inError ? (
          <span className="history-table__error">
            Entered in error: <bdi>{event.enteredInError?.reason}</bdi>
          </span>
        ) : null}
      </td>
      <td>
        <bdi>{event.reason}</bdi>
      </td>
      <td className="table__num">
        {!inError ? (
          <button
            type="button"
            className="button button--link"
            onClick={() => setMarking(true)}
            aria-label={`Mark “${entry}” of ${formatCalendarDate(event.date)} entered in error`}
          >
            Entered in error…
          </button>
        ) : null}
        {marking ? (
          <EnteredInErrorDialog
            title="Mark this entry as entered in error?"
            confirmLabel="Mark entered in error"
            onConfirm={(reason) => mark.mutateAsync({ eventId: event.id, reason })}
            onClose={() => setMarking(false)}
          >
            <p>
              <strong>{shown}</strong> on {formatCalendarDate(event.date)} is struck through and no longer counts towards the current list.
              {event.kind === 'start' ? ' Marking a start removes the whole course from the list.' : ''}
            </p>
          </EnteredInErrorDialog>
        ) : null}
      </td>
    </tr>
  );
}

function CurrentMedication({
  medication,
  patientId,
  onDone,
}: {
  medication: Medication;
  patientId: string;
  onDone: (message: React.ReactNode) => void;
}) {
  const [mode, setMode] = useState<'view' | 'change' | 'stop'>('view');
  return (
    <li className="record-list__item">
      <div className="record-list__main">
        <p className="record-list__title">
          <strong>
            <bdi>{medication.name}</bdi>
          </strong>{' '}
          <bdi>{medication.dose}</bdi>, {medication.route}, <bdi>{medication.frequency}</bdi>
        </p>
        <p className="record-list__meta">
          Started {formatCalendarDate(medication.startedOn)}
          {medication.changedOn !== medication.startedOn ? ` · dose changed ${formatCalendarDate(medication.changedOn)}` : ''}
        </p>
      </div>
      {mode === 'view' ? (
        <div className="record-list__actions">
          <button type="button" className="button button--secondary button--small" onClick={() => setMode('change')}>
            {/* The name a screen reader hears begins with the words on the button (WCAG 2.5.3, label in name). */}
            Change dose<span className="visually-hidden"> of {medication.name}</span>
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => setMode('stop')}>
            Stop<span className="visually-hidden"> {medication.name}</span>
          </button>
          <Link className="button button--secondary button--small" to={titrationBuilderPath(patientId, medication.medicationId)}>
            Plan a titration/taper…<span className="visually-hidden"> of {medication.name}</span>
          </Link>
        </div>
      ) : (
        <MedicationEntryForm
          patientId={patientId}
          kind={mode}
          medication={medication}
          onDone={(text) => {
            setMode('view');
            onDone(text);
          }}
          onCancel={() => setMode('view')}
        />
      )}
    </li>
  );
}

type EntryFormProps = {
  patientId: string;
  kind: 'start' | 'change' | 'stop';
  medication?: Medication;
  onDone: (message: React.ReactNode) => void;
  onCancel: () => void;
};

/** One dated entry: a start (name, dose, route, frequency), a dose change (dose, frequency) or a stop; each with its reason. */
function MedicationEntryForm({ patientId, kind, medication, onDone, onCancel }: EntryFormProps) {
  const ids = useId();
  const record = useChannelMutation('medications:record');
  const [name, setName] = useState('');
  const [dose, setDose] = useState(kind === 'change' ? (medication?.dose ?? '') : '');
  const [route, setRoute] = useState<MedicationRoute>('oral');
  const [frequency, setFrequency] = useState(kind === 'change' ? (medication?.frequency ?? '') : '');
  const [date, setDate] = useState(localToday());
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  const clear = (field: Field) => setProblems(({ [field]: _cleared, ...rest }) => rest);

  async function submit(event: FormEvent) {
    event.preventDefault();
    let candidate: MedicationEventInput | Record<string, unknown>;
    if (kind === 'start') candidate = { kind, name, dose, route, frequency, date, reason };
    else if (kind === 'change') candidate = { kind, medicationId: medication?.medicationId, dose, frequency, date, reason };
    else candidate = { kind, medicationId: medication?.medicationId, date, reason };
    const parsed = medicationEventInputSchema.safeParse(candidate);
    if (!parsed.success) {
      setProblems(
        problemsFrom(
          parsed.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: date === '' && i.path.at(-1) === 'date' ? 'Enter the date.' : i.message,
          })),
        ),
      );
      return;
    }
    setProblems({});
    try {
      const saved = await record.mutateAsync({ patientId, entry: parsed.data });
      onDone(
        kind === 'start' ? (
          <>
            Started <bdi>{saved.name}</bdi> <bdi>{saved.dose}</bdi>.
          </>
        ) : kind === 'change' ? (
          <>
            Changed <bdi>{saved.name}</bdi> to <bdi>{saved.dose}</bdi>, <bdi>{saved.frequency}</bdi>.
          </>
        ) : (
          <>
            Stopped <bdi>{saved.name}</bdi>.
          </>
        ),
      );
    } catch (caught) {
      const error = asAppError(caught);
      setProblems(error.code === 'INVALID_INPUT' && error.issues?.length ? problemsFrom(error.issues) : { form: explain(error) });
    }
  }

  const title =
    kind === 'start' ? (
      'Start a medication'
    ) : kind === 'change' ? (
      <>
        Change the dose of <bdi>{medication?.name ?? ''}</bdi>
      </>
    ) : (
      <>
        Stop <bdi>{medication?.name ?? ''}</bdi>
      </>
    );
  const reasonHint =
    kind === 'start'
      ? 'What it is for, for example “depressive symptoms”.'
      : kind === 'change'
        ? 'For example “partial response”, “side effects”.'
        : 'For example “remission”, “side effects”, “patient’s choice”.';

  return (
    <form
      className={`record-form${kind === 'start' ? '' : ' record-form--inline'}`}
      onSubmit={submit}
      noValidate
      aria-labelledby={`${ids}-title`}
    >
      <h3 className="record-form__title" id={`${ids}-title`}>
        {title}
      </h3>
      {kind === 'start' ? (
        <TextField
          label="Medication"
          autoComplete="off"
          autoFocus
          value={name}
          onChange={(e) => (setName(e.target.value), clear('name'))}
          error={problems.name}
        />
      ) : null}
      {kind !== 'stop' ? (
        <div className="record-form__row">
          <TextField
            label="Dose"
            hint="For example 50 mg."
            autoComplete="off"
            autoFocus={kind === 'change'}
            value={dose}
            onChange={(e) => (setDose(e.target.value), clear('dose'))}
            error={problems.dose}
          />
          <TextField
            label="Frequency"
            hint="For example once daily at night."
            autoComplete="off"
            value={frequency}
            onChange={(e) => (setFrequency(e.target.value), clear('frequency'))}
            error={problems.frequency}
          />
        </div>
      ) : null}
      <div className="record-form__row">
        {kind === 'start' ? (
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-route`}>
              Route
            </label>
            <select
              id={`${ids}-route`}
              className="input input--select"
              value={route}
              onChange={(e) => setRoute(e.target.value as MedicationRoute)}
            >
              {MEDICATION_ROUTES.map((option) => (
                <option key={option} value={option}>
                  {option[0]?.toLocaleUpperCase()}
                  {option.slice(1)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <TextField
          label={kind === 'start' ? 'Started on' : kind === 'change' ? 'Changed on' : 'Stopped on'}
          type="date"
          min="1900-01-01"
          max={localToday()}
          className="input--date"
          value={date}
          onChange={(e) => (setDate(e.target.value), clear('date'))}
          error={problems.date}
        />
      </div>
      <TextField
        label="Reason"
        hint={reasonHint}
        autoComplete="off"
        autoFocus={kind === 'stop'}
        value={reason}
        onChange={(e) => (setReason(e.target.value), clear('reason'))}
        error={problems.reason}
      />
      {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className={`button ${kind === 'stop' ? 'button--danger' : 'button--primary'}`} disabled={record.isPending}>
          {kind === 'start' ? 'Start medication' : kind === 'change' ? 'Record dose change' : 'Stop medication'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={record.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
