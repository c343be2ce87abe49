import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { displayName, patientIdSchema, type Patient } from '../../shared/patient';
import { call } from '../bridge/client';
import { queryKey, useChannelMutation, useChannelQuery } from '../bridge/queries';
import { BackLink, BackToPatients } from '../components/BackLink';
import { PatientNotFound } from '../components/NotFound';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { EMPTY_PATIENT, PatientForm, inputFromPatient } from './PatientForm';

/** Loads the patient named in the address; an id that is not one shows "not found" without asking the main process. */
function WithPatient({ children }: { children: (patient: Patient) => ReactNode }) {
  const { id = '' } = useParams();
  const valid = patientIdSchema.safeParse(id).success;
  const patient = useChannelQuery('patients:get', { id }, { enabled: valid });
  if (!valid || patient.error?.code === 'NOT_FOUND') return <PatientNotFound />;
  if (patient.error) {
    return (
      <div className="page page--narrow">
        <BackToPatients />
        <Notice tone="error">{explain(patient.error)}</Notice>
      </div>
    );
  }
  if (!patient.data)
    return (
      <p className="muted page" role="status">
        Loading…
      </p>
    );
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
      <BackLink to={`/patients/${patient.id}`}>Back to the chart</BackLink>
      <header className="page__header">
        <div>
          <h1 className="page__title">Edit patient</h1>
          <p className="page__subtitle">
            <bdi>{displayName(patient)}</bdi> · Chart no. {patient.chartNumber}
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
