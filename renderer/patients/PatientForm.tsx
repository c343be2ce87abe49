import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { localToday } from '../../shared/dates';
import type { AppError } from '../../shared/errors';
import { PATIENT_CONTACT_FIELDS, patientInputSchema, type Patient, type PatientInput } from '../../shared/patient';
import { asAppError } from '../bridge/client';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

const FIELDS = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  ...PATIENT_CONTACT_FIELDS,
] as const satisfies readonly (keyof PatientInput)[];
type Field = (typeof FIELDS)[number];

function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

/** What the form holds before the schema trims and fills defaults. */
type PatientFormValues = z.input<typeof patientInputSchema>;

const checkWithSchema = zodResolver(patientInputSchema);

/**
 * The shared schema, with one message made plainer: a date field the browser cannot read yields
 * an empty value, and "Use the form YYYY-MM-DD" would puzzle someone looking at a date picker.
 */
const checkPatient: Resolver<PatientFormValues, unknown, PatientInput> = async (values, context, options) => {
  const result = await checkWithSchema(values, context, options);
  const dateError = result.errors.dateOfBirth;
  if (dateError && values.dateOfBirth === '') dateError.message = 'Enter the full date of birth';
  return result;
};

const EMPTY_CONTACTS = Object.fromEntries(PATIENT_CONTACT_FIELDS.map((field) => [field, ''])) as Pick<
  PatientInput,
  (typeof PATIENT_CONTACT_FIELDS)[number]
>;

export const EMPTY_PATIENT: PatientInput = {
  givenName: '',
  familyName: '',
  preferredName: '',
  dateOfBirth: '',
  phone: '',
  email: '',
  ...EMPTY_CONTACTS,
};

export function inputFromPatient(patient: Patient): PatientInput {
  const contacts = Object.fromEntries(PATIENT_CONTACT_FIELDS.map((field) => [field, patient[field] ?? ''])) as typeof EMPTY_CONTACTS;
  return {
    givenName: patient.givenName,
    familyName: patient.familyName,
    preferredName: patient.preferredName ?? '',
    dateOfBirth: patient.dateOfBirth,
    phone: patient.phone ?? '',
    email: patient.email ?? '',
    ...contacts,
  };
}

type PatientFormProps = {
  initial: PatientInput;
  submitLabel: string;
  /** Saves the input; a rejected promise carries the AppError to explain. */
  onSave: (input: PatientInput) => Promise<void>;
  onCancel: () => void;
  /** Offered when the record changed underneath the form: fetch the latest and start again from it. */
  onReload?: () => Promise<PatientInput>;
};

/**
 * Checked here with the same schema the main process uses; what the main process still
 * refuses comes back as issues with paths like "patient.givenName" and lands beside the field.
 */
export function PatientForm({ initial, submitLabel, onSave, onCancel, onReload }: PatientFormProps) {
  const [failure, setFailure] = useState<AppError | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<PatientFormValues, unknown, PatientInput>({
    resolver: checkPatient,
    defaultValues: initial,
    // Checked on submit, then as the person corrects: no message jumps in while they move between fields.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await onSave(values);
    } catch (caught) {
      const error = asAppError(caught);
      let placed = false;
      if (error.code === 'INVALID_INPUT') {
        for (const issue of error.issues ?? []) {
          const field = issue.path.replace(/^patient\./, '');
          if (isField(field)) {
            setError(field, { type: 'server', message: issue.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) setFailure(error);
    }
  });

  async function reload() {
    if (!onReload) return;
    reset(await onReload());
    setFailure(null);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      {failure ? (
        <Notice
          tone="error"
          actions={
            failure.code === 'CONFLICT' && onReload ? (
              <button type="button" className="button button--secondary button--small" onClick={() => void reload()}>
                Reload the latest version
              </button>
            ) : undefined
          }
        >
          {explain(failure)}
          {failure.code === 'CONFLICT' ? ' Reloading shows the record as it is now; what you typed here will be replaced.' : null}
        </Notice>
      ) : null}

      <fieldset className="form__group">
        <legend className="form__legend">Name</legend>
        <div className="form__row">
          <TextField label="Given name" autoComplete="off" autoFocus error={errors.givenName?.message} {...register('givenName')} />
          <TextField label="Family name" autoComplete="off" error={errors.familyName?.message} {...register('familyName')} />
        </div>
        <div className="form__row">
          <TextField
            label="Preferred name"
            optional
            hint="The name the patient likes to be called, if it differs."
            autoComplete="off"
            error={errors.preferredName?.message}
            {...register('preferredName')}
          />
          <TextField
            label="Pronouns"
            optional
            hint="As the patient gives them, for example she/her."
            autoComplete="off"
            error={errors.pronouns?.message}
            {...register('pronouns')}
          />
        </div>
      </fieldset>

      <fieldset className="form__group">
        <legend className="form__legend">Details</legend>
        <TextField
          label="Date of birth"
          type="date"
          min="1900-01-01"
          max={localToday()}
          error={errors.dateOfBirth?.message}
          className="input--date"
          {...register('dateOfBirth')}
        />
        <div className="form__row">
          <TextField label="Phone" optional type="tel" autoComplete="off" error={errors.phone?.message} {...register('phone')} />
          <TextField label="Email" optional type="email" autoComplete="off" error={errors.email?.message} {...register('email')} />
        </div>
        <TextAreaField label="Address" optional rows={3} autoComplete="off" error={errors.address?.message} {...register('address')} />
      </fieldset>

      <fieldset className="form__group">
        <legend className="form__legend">Emergency contact</legend>
        <div className="form__row">
          <TextField
            label="Emergency contact’s name"
            optional
            autoComplete="off"
            error={errors.emergencyContactName?.message}
            {...register('emergencyContactName')}
          />
          <TextField
            label="Relationship to the patient"
            optional
            autoComplete="off"
            error={errors.emergencyContactRelationship?.message}
            {...register('emergencyContactRelationship')}
          />
        </div>
        <TextField
          label="Emergency contact’s phone"
          optional
          type="tel"
          autoComplete="off"
          className="input--phone"
          error={errors.emergencyContactPhone?.message}
          {...register('emergencyContactPhone')}
        />
      </fieldset>

      <fieldset className="form__group">
        <legend className="form__legend">Care team</legend>
        <p className="field__hint">
          Who referred the patient and who is their family doctor; a phone number, email or practice is enough as a contact.
        </p>
        <div className="form__row">
          <TextField
            label="Referring clinician"
            optional
            autoComplete="off"
            error={errors.referringClinician?.message}
            {...register('referringClinician')}
          />
          <TextField
            label="Referring clinician’s contact"
            optional
            autoComplete="off"
            error={errors.referringClinicianContact?.message}
            {...register('referringClinicianContact')}
          />
        </div>
        <div className="form__row">
          <TextField
            label="Primary care physician"
            optional
            autoComplete="off"
            error={errors.primaryCarePhysician?.message}
            {...register('primaryCarePhysician')}
          />
          <TextField
            label="Primary care physician’s contact"
            optional
            autoComplete="off"
            error={errors.primaryCarePhysicianContact?.message}
            {...register('primaryCarePhysicianContact')}
          />
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
