import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { localToday } from '../../shared/dates';
import {
  DIAGNOSIS_STATUS_LABELS,
  DIAGNOSIS_STATUSES,
  diagnosisChangesSchema,
  diagnosisInputSchema,
  sortDiagnoses,
  type Diagnosis,
  type DiagnosisChanges,
  type DiagnosisStatus,
} from '../../shared/diagnosis';
import type { AppError } from '../../shared/errors';
import type { IcdCode } from '../../shared/icd10cm';
import { asAppError } from '../bridge/client';
import { refreshAfter, useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { useChart } from './chartContext';
import { EnteredInErrorDialog } from './EnteredInErrorDialog';
import { formatDayAndTime } from './format';
import { IcdCodeCombobox } from './IcdCodeCombobox';
import { describeDiagnosisEvent } from './recordEvents';
import { useFleetingMessage } from './useFleetingMessage';

type Problems = Partial<Record<'code' | 'status' | 'onsetDate' | 'note' | 'form', string>>;

/** Field messages from a zod result or an INVALID_INPUT answer, by the last part of their path. */
function problemsFrom(issues: readonly { path: string; message: string }[]): Problems {
  const found: Problems = {};
  for (const issue of issues) {
    const key = issue.path.split('.').pop() ?? '';
    if (key === 'code' || key === 'status' || key === 'onsetDate' || key === 'note') found[key] ??= issue.message;
    else found.form ??= issue.message;
  }
  return found;
}

/** Diagnoses by ICD-10-CM code: add, change status, primary and onset, mark entered in error; and their dated history. */
export function DiagnosesTab() {
  const { patient } = useChart();
  const diagnoses = useChannelQuery('diagnoses:list', { patientId: patient.id });
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useFleetingMessage();

  const standing = useMemo(
    () => sortDiagnoses((diagnoses.data?.diagnoses ?? []).filter((d) => d.enteredInError === null)),
    [diagnoses.data],
  );
  const inError = useMemo(() => (diagnoses.data?.diagnoses ?? []).filter((d) => d.enteredInError !== null), [diagnoses.data]);
  const history = useMemo(() => [...(diagnoses.data?.history ?? [])].sort((a, b) => b.at.localeCompare(a.at)), [diagnoses.data]);

  return (
    <section aria-labelledby="diagnoses-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="diagnoses-title">
          Diagnoses
        </h2>
        {!adding ? (
          <button type="button" className="button button--primary" onClick={() => (setAdding(true), setAdded(null))}>
            Add diagnosis
          </button>
        ) : null}
      </div>
      {added ? <Notice tone="success">{added}</Notice> : null}
      {adding ? (
        <AddDiagnosis
          patientId={patient.id}
          hasPrimary={standing.some((d) => d.isPrimary)}
          onDone={(message) => {
            setAdding(false);
            setAdded(message);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      {diagnoses.error ? <Notice tone="error">{explain(diagnoses.error)}</Notice> : null}
      {diagnoses.isPending ? (
        <p className="muted" role="status">
          Loading diagnoses…
        </p>
      ) : null}
      {diagnoses.data && standing.length === 0 && !adding ? <p className="muted">No diagnoses recorded.</p> : null}
      {standing.length > 0 ? (
        <ul className="record-list" aria-label="Diagnoses">
          {standing.map((diagnosis) => (
            <DiagnosisRow key={diagnosis.id} diagnosis={diagnosis} />
          ))}
        </ul>
      ) : null}

      {history.length > 0 ? (
        <section className="chart-subsection" aria-labelledby="diagnosis-history-title">
          <h3 className="chart-subsection__title" id="diagnosis-history-title">
            History of changes
          </h3>
          <ol className="history-list">
            {history.map((event) => (
              <li key={event.id} className="history-list__item">
                <span className="history-list__when">{formatDayAndTime(event.at)}</span>
                <span>
                  <strong>{event.code}</strong> {event.label}: {describeDiagnosisEvent(event)}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {inError.length > 0 ? (
        <section className="chart-subsection" aria-labelledby="diagnosis-error-title">
          <h3 className="chart-subsection__title" id="diagnosis-error-title">
            Entered in error
          </h3>
          <ul className="history-list">
            {inError.map((diagnosis) => (
              <li key={diagnosis.id} className="history-list__item history-list__item--in-error">
                <span className="history-list__when">{diagnosis.enteredInError ? formatDayAndTime(diagnosis.enteredInError.at) : ''}</span>
                <span>
                  <s>
                    {diagnosis.code} {diagnosis.label}
                  </s>{' '}
                  — {diagnosis.enteredInError?.reason}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

function StatusSelect({ value, onChange, id }: { value: DiagnosisStatus; onChange: (status: DiagnosisStatus) => void; id: string }) {
  return (
    <select id={id} className="input input--select" value={value} onChange={(event) => onChange(event.target.value as DiagnosisStatus)}>
      {DIAGNOSIS_STATUSES.map((status) => (
        <option key={status} value={status}>
          {DIAGNOSIS_STATUS_LABELS[status]}
        </option>
      ))}
    </select>
  );
}

function AddDiagnosis({
  patientId,
  hasPrimary,
  onDone,
  onCancel,
}: {
  patientId: string;
  hasPrimary: boolean;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const ids = useId();
  const add = useChannelMutation('diagnoses:add');
  const [code, setCode] = useState<IcdCode | null>(null);
  const [status, setStatus] = useState<DiagnosisStatus>('active');
  const [isPrimary, setIsPrimary] = useState(!hasPrimary);
  const [onsetDate, setOnsetDate] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!code) {
      setProblems({ code: 'Choose a diagnosis from the list.' });
      return;
    }
    const parsed = diagnosisInputSchema.safeParse({ code: code.code, status, isPrimary, onsetDate, note });
    if (!parsed.success) {
      setProblems(problemsFrom(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
      return;
    }
    setProblems({});
    try {
      const saved = await add.mutateAsync({ patientId, diagnosis: parsed.data });
      onDone(`Added ${saved.code} ${saved.label}${saved.isPrimary ? ' as the primary diagnosis' : ''}.`);
    } catch (caught) {
      const error = asAppError(caught);
      setProblems(error.code === 'INVALID_INPUT' && error.issues?.length ? problemsFrom(error.issues) : { form: explain(error) });
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h3 className="record-form__title" id={`${ids}-title`}>
        Add a diagnosis
      </h3>
      <IcdCodeCombobox
        value={code}
        onChange={(next) => {
          setCode(next);
          setProblems(({ code: _cleared, ...rest }) => rest);
        }}
        error={problems.code}
        autoFocus
      />
      <div className="record-form__row">
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-status`}>
            Status
          </label>
          <StatusSelect id={`${ids}-status`} value={status} onChange={setStatus} />
        </div>
        <TextField
          label="Onset"
          optional
          type="date"
          min="1900-01-01"
          max={localToday()}
          className="input--date"
          value={onsetDate}
          onChange={(event) => {
            setOnsetDate(event.target.value);
            setProblems(({ onsetDate: _cleared, ...rest }) => rest);
          }}
          error={problems.onsetDate}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={isPrimary} onChange={(event) => setIsPrimary(event.target.checked)} />
        <span>Primary diagnosis{hasPrimary ? ' (the current primary diagnosis will no longer be primary)' : ''}</span>
      </label>
      <TextField
        label="Comment"
        optional
        hint="A short qualifier, for example “with seasonal pattern” or “per referral letter”."
        autoComplete="off"
        value={note}
        onChange={(event) => {
          setNote(event.target.value);
          setProblems(({ note: _cleared, ...rest }) => rest);
        }}
        error={problems.note}
      />
      {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add diagnosis'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={add.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DiagnosisRow({ diagnosis }: { diagnosis: Diagnosis }) {
  const [mode, setMode] = useState<'view' | 'change' | 'error'>('view');
  const markInError = useChannelMutation('diagnoses:markEnteredInError');
  return (
    <li className="record-list__item">
      <div className="record-list__main">
        <p className="record-list__title">
          <span className="record-list__code">{diagnosis.code}</span> <bdi>{diagnosis.label}</bdi>
          {diagnosis.isPrimary ? <span className="badge badge--accent">Primary</span> : null}
          <span className={`badge badge--status-${diagnosis.status}`}>{DIAGNOSIS_STATUS_LABELS[diagnosis.status]}</span>
        </p>
        <p className="record-list__meta">
          {diagnosis.onsetDate ? `Onset ${formatCalendarDate(diagnosis.onsetDate)}` : 'Onset not recorded'}
          {' · '}Recorded {formatDayAndTime(diagnosis.createdAt)}
        </p>
        {diagnosis.note ? (
          <p className="record-list__note">
            <bdi>{diagnosis.note}</bdi>
          </p>
        ) : null}
      </div>
      {mode === 'view' ? (
        <div className="record-list__actions">
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setMode('change')}
            aria-label={`Change ${diagnosis.code}`}
          >
            Change
          </button>
          <button
            type="button"
            className="button button--link"
            onClick={() => setMode('error')}
            aria-label={`Mark ${diagnosis.code} entered in error`}
          >
            Entered in error…
          </button>
        </div>
      ) : null}
      {mode === 'change' ? <ChangeDiagnosis diagnosis={diagnosis} onClose={() => setMode('view')} /> : null}
      {mode === 'error' ? (
        <EnteredInErrorDialog
          title="Mark this diagnosis as entered in error?"
          confirmLabel="Mark entered in error"
          onConfirm={(reason) => markInError.mutateAsync({ id: diagnosis.id, version: diagnosis.version, reason })}
          onClose={() => setMode('view')}
        >
          <p>
            <strong>
              {diagnosis.code} {diagnosis.label}
            </strong>{' '}
            leaves the diagnosis list. It stays in the chart’s history, struck through, with your reason.
          </p>
        </EnteredInErrorDialog>
      ) : null}
    </li>
  );
}

function ChangeDiagnosis({ diagnosis, onClose }: { diagnosis: Diagnosis; onClose: () => void }) {
  const ids = useId();
  const queryClient = useQueryClient();
  const update = useChannelMutation('diagnoses:update');
  const [status, setStatus] = useState<DiagnosisStatus>(diagnosis.status);
  const [isPrimary, setIsPrimary] = useState(diagnosis.isPrimary);
  const [onsetDate, setOnsetDate] = useState(diagnosis.onsetDate ?? '');
  const [note, setNote] = useState(diagnosis.note);
  const [problems, setProblems] = useState<Problems>({});
  const [conflict, setConflict] = useState<AppError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setConflict(null);
    const changes: DiagnosisChanges = {};
    if (status !== diagnosis.status) changes.status = status;
    if (isPrimary !== diagnosis.isPrimary) changes.isPrimary = isPrimary;
    if (onsetDate !== (diagnosis.onsetDate ?? '')) changes.onsetDate = onsetDate;
    if (note.trim() !== diagnosis.note) changes.note = note;
    const parsed = diagnosisChangesSchema.safeParse(changes);
    if (!parsed.success) {
      const found = problemsFrom(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      setProblems(found.form === 'Change at least one thing' ? { form: 'Nothing was changed.' } : found);
      return;
    }
    setProblems({});
    try {
      await update.mutateAsync({ id: diagnosis.id, version: diagnosis.version, changes: parsed.data });
      onClose();
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'CONFLICT') {
        setConflict(error);
        void refreshAfter(queryClient, 'diagnoses:update');
      } else setProblems(error.code === 'INVALID_INPUT' && error.issues?.length ? problemsFrom(error.issues) : { form: explain(error) });
    }
  }

  return (
    <form className="record-form record-form--inline" onSubmit={submit} noValidate aria-label={`Change ${diagnosis.code}`}>
      <div className="record-form__row">
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-status`}>
            Status
          </label>
          <StatusSelect id={`${ids}-status`} value={status} onChange={setStatus} />
        </div>
        <TextField
          label="Onset"
          optional
          type="date"
          min="1900-01-01"
          max={localToday()}
          className="input--date"
          value={onsetDate}
          onChange={(event) => setOnsetDate(event.target.value)}
          error={problems.onsetDate}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={isPrimary} onChange={(event) => setIsPrimary(event.target.checked)} />
        <span>Primary diagnosis</span>
      </label>
      <TextField
        label="Comment"
        optional
        autoComplete="off"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={problems.note}
      />
      {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
      {conflict ? (
        <Notice tone="error">
          {explain(conflict)} The list now shows the latest version; your choices here are kept, so save again if they still apply.
        </Notice>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={update.isPending}>
          Save changes
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onClose} disabled={update.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
