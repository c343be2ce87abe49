import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { z } from 'zod';
import {
  CONSENT_FORM_LABELS,
  CONSENT_FORMS,
  CONSENT_LIMITS,
  consentInputSchema,
  RECORD_PART_LABELS,
  RECORD_PARTS,
  type ConsentForm,
  type ConsentInput,
  type ConsentWithStatus,
  type RecordPart,
} from '../../shared/consents';
import { localToday } from '../../shared/dates';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { DateField } from '../components/DateField';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

/** The form's own shape: "until revoked" is a box, turned into a null end date before the shared schema checks it. */
const formSchema = z
  .object({
    patientId: z.string(),
    recipient: z.object({ name: z.string(), role: z.string(), contact: z.string() }),
    parts: z.array(z.string()),
    purpose: z.string(),
    validFrom: z.string(),
    untilRevoked: z.boolean(),
    validUntil: z.string(),
    givenAs: z.string(),
  })
  .transform(({ untilRevoked, validUntil, ...rest }) => ({ ...rest, validUntil: untilRevoked ? null : validUntil }))
  .pipe(consentInputSchema);
type Values = z.input<typeof formSchema>;

/** "Record consent": who may receive which parts of the record, for what, from and until when, and how the patient agreed. */
export function RecordConsentDialog({
  patientId,
  onClose,
  onRecorded,
}: {
  patientId: string;
  onClose: () => void;
  onRecorded: (consent: ConsentWithStatus) => void;
}) {
  const record = useChannelMutation('consents:record');
  const [failure, setFailure] = useState<string | null>(null);
  const {
    control,
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, ConsentInput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      patientId,
      recipient: { name: '', role: '', contact: '' },
      parts: [],
      purpose: '',
      validFrom: localToday(),
      untilRevoked: false,
      validUntil: '',
      givenAs: 'signed-form',
    },
  });
  const untilRevoked = useWatch({ control, name: 'untilRevoked' });

  const submit = handleSubmit(async (consent) => {
    setFailure(null);
    try {
      onRecorded(await record.mutateAsync(consent));
    } catch (caught) {
      const error = asAppError(caught);
      const issues = error.code === 'INVALID_INPUT' ? (error.issues ?? []) : [];
      if (issues.length === 0) setFailure(explain(error));
      for (const issue of issues) setError(issue.path as FieldPath<Values>, { message: issue.message });
    }
  });

  return (
    <Modal
      open
      onClose={onClose}
      title="Record consent to share"
      size="wide"
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="record-consent" className="button button--primary" disabled={isSubmitting}>
            {isSubmitting ? 'Recording…' : 'Record consent'}
          </button>
        </>
      }
    >
      <form id="record-consent" className="consent-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Consent to share">
        <fieldset className="consent-form__group">
          <legend className="consent-form__legend">Who may receive it</legend>
          <TextField
            label="Recipient"
            maxLength={CONSENT_LIMITS.recipientName}
            error={errors.recipient?.name?.message}
            {...register('recipient.name')}
          />
          <TextField
            label="Role or organisation"
            optional
            hint="For example: Primary care physician, Elm Street Practice"
            maxLength={CONSENT_LIMITS.recipientRole}
            error={errors.recipient?.role?.message}
            {...register('recipient.role')}
          />
          <TextField
            label="Contact"
            optional
            hint="Address, fax, e-mail or phone, as you will use it"
            maxLength={CONSENT_LIMITS.recipientContact}
            error={errors.recipient?.contact?.message}
            {...register('recipient.contact')}
          />
        </fieldset>
        <Controller
          control={control}
          name="parts"
          render={({ field, fieldState }) => (
            <fieldset className={`consent-form__group${fieldState.error ? ' field--invalid' : ''}`}>
              <legend className="consent-form__legend">Which parts of the record</legend>
              {RECORD_PARTS.map((part) => (
                <label key={part} className="checkbox">
                  <input
                    type="checkbox"
                    checked={field.value.includes(part)}
                    onChange={(event) =>
                      field.onChange(
                        event.target.checked
                          ? RECORD_PARTS.filter((p: RecordPart) => p === part || field.value.includes(p))
                          : field.value.filter((p) => p !== part),
                      )
                    }
                  />
                  <span>{RECORD_PART_LABELS[part]}</span>
                </label>
              ))}
              {fieldState.error ? <p className="field__error">{fieldState.error.message}</p> : null}
            </fieldset>
          )}
        />
        <TextAreaField
          label="Purpose"
          hint="What the information is for, in the words you agreed with the patient"
          maxLength={CONSENT_LIMITS.purpose}
          rows={2}
          error={errors.purpose?.message}
          {...register('purpose')}
        />
        <fieldset className="consent-form__group">
          <legend className="consent-form__legend">For how long</legend>
          <div className="consent-form__dates">
            <Controller
              control={control}
              name="validFrom"
              render={({ field }) => (
                <DateField label="From" value={field.value} onChange={field.onChange} error={errors.validFrom?.message} />
              )}
            />
            {!untilRevoked ? (
              <Controller
                control={control}
                name="validUntil"
                render={({ field }) => (
                  <DateField
                    label="Until"
                    hint="The last day it covers"
                    value={field.value}
                    onChange={field.onChange}
                    error={errors.validUntil?.message}
                  />
                )}
              />
            ) : null}
          </div>
          <label className="checkbox">
            <input type="checkbox" {...register('untilRevoked')} />
            <span>Until the patient revokes it</span>
          </label>
        </fieldset>
        <fieldset className="consent-form__group">
          <legend className="consent-form__legend">How the patient gave it</legend>
          {CONSENT_FORMS.map((form: ConsentForm) => (
            <label key={form} className="checkbox">
              <input type="radio" value={form} {...register('givenAs')} />
              <span>{CONSENT_FORM_LABELS[form]}</span>
            </label>
          ))}
        </fieldset>
        {failure ? <Notice tone="error">{failure}</Notice> : null}
      </form>
    </Modal>
  );
}
