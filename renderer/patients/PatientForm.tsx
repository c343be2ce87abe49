import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { localToday } from '../../shared/dates';
import type { AppError } from '../../shared/errors';
import {
  DATE_OF_BIRTH_MISSING,
  GENDER_IDENTITY_SUGGESTIONS,
  PATIENT_CONTACT_FIELDS,
  patientInputSchema,
  SEX_AT_BIRTH_LABELS,
  SEXES_AT_BIRTH,
  type Patient,
  type PatientInput,
} from '../../shared/patient';
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
  if (dateError && values.dateOfBirth === '') dateError.message = DATE_OF_BIRTH_MISSING;
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
  const ids = useId();
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
        <legend className="form__legend">Sex and gender</legend>
        <p className="field__hint">
          Both optional, and kept apart: sex assigned at birth for prescribing, gender identity as the patient gives it.
        </p>
        <div className="form__row">
          <div className={`field${errors.sexAssignedAtBirth ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={`${ids}-sex`}>
              Sex assigned at birth<span className="field__optional"> (optional)</span>
            </label>
            <select
              id={`${ids}-sex`}
              className="input input--select"
              aria-invalid={errors.sexAssignedAtBirth ? true : undefined}
              aria-describedby={errors.sexAssignedAtBirth ? `${ids}-sex-error` : undefined}
              {...register('sexAssignedAtBirth')}
            >
              <option value="">Not recorded</option>
              {SEXES_AT_BIRTH.map((sex) => (
                <option key={sex} value={sex}>
                  {SEX_AT_BIRTH_LABELS[sex]}
                </option>
              ))}
            </select>
            {errors.sexAssignedAtBirth ? (
              <p className="field__error" id={`${ids}-sex-error`}>
                {errors.sexAssignedAtBirth.message}
              </p>
            ) : null}
          </div>
          <TextField
            label="Gender identity"
            optional
            hint="Choose a suggestion or write the patient’s own words."
            autoComplete="off"
            list={`${ids}-genders`}
            error={errors.genderIdentity?.message}
            {...register('genderIdentity')}
          />
          <datalist id={`${ids}-genders`}>
            {GENDER_IDENTITY_SUGGESTIONS.map((gender) => (
              <option key={gender} value={gender} />
            ))}
          </datalist>
        </div>
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
        <legend className="form__legend">Referral</legend>
        <p className="field__hint">Who referred the patient; a phone number, email or practice is enough as a contact.</p>
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
      </fieldset>

      <fieldset className="form__group">
        <legend className="form__legend">Primary care physician</legend>
        <p className="field__hint">Letters to the family doctor are addressed from these.</p>
        <div className="form__row">
          <TextField
            label="Physician’s name"
            optional
            autoComplete="off"
            error={errors.primaryCarePhysician?.message}
            {...register('primaryCarePhysician')}
          />
          <TextField
            label="Practice"
            optional
            autoComplete="off"
            error={errors.primaryCarePractice?.message}
            {...register('primaryCarePractice')}
          />
        </div>
        <div className="form__row">
          <TextField
            label="Physician’s phone"
            optional
            type="tel"
            autoComplete="off"
            className="input--phone"
            error={errors.primaryCarePhone?.message}
            {...register('primaryCarePhone')}
          />
          <TextField
            label="Physician’s fax"
            optional
            type="tel"
            autoComplete="off"
            className="input--phone"
            error={errors.primaryCareFax?.message}
            {...register('primaryCareFax')}
          />
          <TextField
            label="Physician’s email"
            optional
            type="email"
            autoComplete="off"
            error={errors.primaryCareEmail?.message}
            {...register('primaryCareEmail')}
          />
        </div>
        <TextAreaField
          label="Practice address"
          optional
          rows={2}
          autoComplete="off"
          error={errors.primaryCareAddress?.message}
          {...register('primaryCareAddress')}
        />
        <TextField
          label="Other contact details"
          optional
          autoComplete="off"
          error={errors.primaryCarePhysicianContact?.message}
          {...register('primaryCarePhysicianContact')}
        />
      </fieldset>

      <fieldset className="form__group">
        <legend className="form__legend">Preferred pharmacy</legend>
        <div className="form__row">
          <TextField label="Pharmacy" optional autoComplete="off" error={errors.pharmacyName?.message} {...register('pharmacyName')} />
          <TextField
            label="Pharmacy’s phone"
            optional
            type="tel"
            autoComplete="off"
            className="input--phone"
            error={errors.pharmacyPhone?.message}
            {...register('pharmacyPhone')}
          />
        </div>
        <TextAreaField
          label="Pharmacy’s address"
          optional
          rows={2}
          autoComplete="off"
          error={errors.pharmacyAddress?.message}
          {...register('pharmacyAddress')}
        />
      </fieldset>

      <fieldset className="form__group">
        <legend className="form__legend">Insurance</legend>
        <p className="field__hint">Only if the patient’s sessions are billed to an insurer.</p>
        <div className="form__row">
          <TextField label="Payer" optional autoComplete="off" error={errors.insurancePayer?.message} {...register('insurancePayer')} />
          <TextField
            label="Member id"
            optional
            autoComplete="off"
            error={errors.insuranceMemberId?.message}
            {...register('insuranceMemberId')}
          />
        </div>
        <div className="form__row">
          <TextField
            label="Group number"
            optional
            autoComplete="off"
            error={errors.insuranceGroupNumber?.message}
            {...register('insuranceGroupNumber')}
          />
          <TextField
            label="Policy holder"
            optional
            hint="If not the patient."
            autoComplete="off"
            error={errors.insurancePolicyHolder?.message}
            {...register('insurancePolicyHolder')}
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
