import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AppError } from '../../shared/errors';
import { displayName, patientAge, patientIdSchema, type Patient } from '../../shared/patient';
import { asAppError, call } from '../bridge/client';
import { invalidateScopes, queryKey, useChannelMutation, useChannelQuery } from '../bridge/queries';
import { PatientAttendance } from '../calendar/PatientAttendance';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatAge, formatLongCalendarDate, formatMoment } from '../format/dates';
import { EMPTY_PATIENT, PatientForm, inputFromPatient } from './PatientForm';

function BackToPatients() {
  return (
    <Link to="/patients" className="back-link">
      <span aria-hidden="true">←</span> All patients
    </Link>
  );
}

function NotFound() {
  return (
    <div className="page page--narrow">
      <BackToPatients />
      <h1 className="page__title">Patient not found</h1>
      <p>This patient could not be found. The link may be out of date.</p>
    </div>
  );
}

/** Loads the patient named in the address; an id that is not one shows "not found" without asking the main process. */
function WithPatient({ children }: { children: (patient: Patient) => ReactNode }) {
  const { id = '' } = useParams();
  const valid = patientIdSchema.safeParse(id).success;
  const patient = useChannelQuery('patients:get', { id }, { enabled: valid });
  if (!valid || patient.error?.code === 'NOT_FOUND') return <NotFound />;
  if (patient.error) {
    return (
      <div className="page page--narrow">
        <BackToPatients />
        <Notice tone="error">{explain(patient.error)}</Notice>
      </div>
    );
  }
  if (!patient.data) return <p className="muted page" role="status">Loading…</p>;
  return <>{children(patient.data)}</>;
}

export function NewPatientPage() {
  const navigate = useNavigate();
  const create = useChannelMutation('patients:create');
  return (
    <div className="page page--narrow">
      <BackToPatients />
      <header className="page__header">
        <h1 className="page__title">Add patient</h1>
      </header>
      <PatientForm
        initial={EMPTY_PATIENT}
        submitLabel="Save patient"
        onSave={async (input) => {
          const saved = await create.mutateAsync({ patient: input });
          void navigate(`/patients/${saved.id}`, { replace: true });
        }}
        onCancel={() => void navigate('/patients')}
      />
    </div>
  );
}

export function EditPatientPage() {
  return <WithPatient>{(patient) => <EditPatient patient={patient} />}</WithPatient>;
}

function EditPatient({ patient }: { patient: Patient }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const update = useChannelMutation('patients:update');
  // The version the form was filled from; a reload after a conflict moves it forward.
  const [version, setVersion] = useState(patient.version);
  return (
    <div className="page page--narrow">
      <Link to={`/patients/${patient.id}`} className="back-link">
        <span aria-hidden="true">←</span> Back to patient
      </Link>
      <header className="page__header">
        <div>
          <h1 className="page__title">Edit patient</h1>
          <p className="page__subtitle">
            {displayName(patient)} · Chart no. {patient.chartNumber}
          </p>
        </div>
      </header>
      <PatientForm
        initial={inputFromPatient(patient)}
        submitLabel="Save changes"
        onSave={async (input) => {
          await update.mutateAsync({ id: patient.id, version, patient: input });
          void navigate(`/patients/${patient.id}`);
        }}
        onCancel={() => void navigate(`/patients/${patient.id}`)}
        onReload={async () => {
          const latest = await call('patients:get', { id: patient.id });
          queryClient.setQueryData(queryKey('patients:get', { id: patient.id }), latest);
          setVersion(latest.version);
          return inputFromPatient(latest);
        }}
      />
    </div>
  );
}

export function PatientPage() {
  return <WithPatient>{(patient) => <PatientRecord patient={patient} />}</WithPatient>;
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function NotGiven() {
  return <span className="muted">Not given</span>;
}

function PatientRecord({ patient }: { patient: Patient }) {
  const navigate = useNavigate();
  const archive = useChannelMutation('patients:archive');
  const restore = useChannelMutation('patients:restore');
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const queryClient = useQueryClient();
  const name = displayName(patient);

  function refuse(caught: unknown) {
    const error = asAppError(caught);
    setFailure(error);
    // Someone else's change won: show it, so a second try starts from the record as it is.
    if (error.code === 'CONFLICT') void invalidateScopes(queryClient, ['patients']);
  }

  async function doArchive() {
    setFailure(null);
    try {
      await archive.mutateAsync({ id: patient.id, version: patient.version });
      setConfirming(false);
    } catch (caught) {
      setConfirming(false);
      refuse(caught);
    }
  }

  async function doRestore() {
    setFailure(null);
    try {
      await restore.mutateAsync({ id: patient.id, version: patient.version });
    } catch (caught) {
      refuse(caught);
    }
  }

  return (
    <div className="page page--narrow">
      <BackToPatients />
      <header className="page__header">
        <div>
          <h1 className="page__title">{name}</h1>
          <p className="page__subtitle">
            Chart no. {patient.chartNumber} · {formatAge(patientAge(patient))}
            {patient.archivedAt ? (
              <>
                {' '}
                <span className="badge badge--muted">Archived</span>
              </>
            ) : null}
          </p>
        </div>
        <div className="page__actions">
          <button type="button" className="button button--secondary" onClick={() => void navigate(`/patients/${patient.id}/edit`)}>
            Edit
          </button>
          {patient.archivedAt ? (
            <button type="button" className="button button--secondary" onClick={() => void doRestore()} disabled={restore.isPending}>
              Restore
            </button>
          ) : (
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              Archive
            </button>
          )}
        </div>
      </header>

      {patient.archivedAt ? (
        <Notice tone="info">
          Archived on {formatMoment(patient.archivedAt)}. This patient is hidden from the patient list; the record is kept in full. Restore
          to show them in the list again.
        </Notice>
      ) : null}
      {failure ? (
        <Notice tone="error">
          {explain(failure)}
          {failure.code === 'CONFLICT' ? ' This page now shows the latest version; try again if it is still needed.' : null}
        </Notice>
      ) : null}

      <section className="card">
        <h2 className="card__title">
          Details
        </h2>
        <dl className="details">
          <Detail term="Given name">{patient.givenName}</Detail>
          <Detail term="Family name">{patient.familyName}</Detail>
          <Detail term="Preferred name">{patient.preferredName ?? <NotGiven />}</Detail>
          <Detail term="Date of birth">
            {formatLongCalendarDate(patient.dateOfBirth)} <span className="muted">(age {patientAge(patient)})</span>
          </Detail>
          <Detail term="Phone">{patient.phone ?? <NotGiven />}</Detail>
          <Detail term="Email">{patient.email ?? <NotGiven />}</Detail>
          <Detail term="Chart number">{patient.chartNumber}</Detail>
        </dl>
      </section>

      <PatientAttendance patientId={patient.id} />

      <p className="record-meta">
        Record created {formatMoment(patient.createdAt)} · last changed {formatMoment(patient.updatedAt)}
      </p>

      <ConfirmDialog
        open={confirming}
        title="Archive this patient?"
        confirmLabel="Archive patient"
        busy={archive.isPending}
        onConfirm={() => void doArchive()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Archiving hides <strong>{name}</strong> from the patient list. Nothing is deleted: the whole record is kept, and you can find it
          with “Show archived” and restore it at any time.
        </p>
      </ConfirmDialog>
    </div>
  );
}
