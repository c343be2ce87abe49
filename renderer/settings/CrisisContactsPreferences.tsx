import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { CRISIS_CONTACTS_LIMITS, crisisContactsSchema } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';

const formSchema = z.strictObject({ crisisContacts: crisisContactsSchema });
type Values = z.input<typeof formSchema>;

/**
 * The crisis contacts a patient is shown in patient mode after answering PHQ-9 item 9 above "Not at
 * all". The practice's own words; nothing is shown in their place but the advice to call the local
 * emergency number.
 */
export function CrisisContactsPreferences({ crisisContacts }: { crisisContacts: string }) {
  const update = useChannelMutation('preferences:update');
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { crisisContacts },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  useEffect(() => reset({ crisisContacts }), [crisisContacts, reset]);

  const submit = handleSubmit(async (values) => {
    setSaved(false);
    setFailure(null);
    try {
      await update.mutateAsync({ crisisContacts: values.crisisContacts });
      setSaved(true);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  });

  return (
    <section className="card" aria-labelledby="crisis-contacts-title">
      <h2 className="card__title" id="crisis-contacts-title">
        Crisis contacts for patients
      </h2>
      <p className="card__text">
        A patient who answers the PHQ-9’s question about thoughts of death or self-harm above “Not at all” in patient mode is told that you
        will talk with them, and shown these contacts. Without any, they are told to call their local emergency number if they are in danger
        now.
      </p>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate aria-label="Crisis contacts for patients">
        <TextAreaField
          label="Crisis contacts"
          hint={`One a line, such as “Samaritans 116 123”. At most ${CRISIS_CONTACTS_LIMITS.lines} lines.`}
          rows={3}
          optional
          maxLength={CRISIS_CONTACTS_LIMITS.characters}
          error={errors.crisisContacts?.message}
          {...register('crisisContacts', { onChange: () => setSaved(false) })}
        />
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={isSubmitting}>
            Save crisis contacts
          </button>
        </div>
      </form>
      {saved ? <Notice tone="success">Saved. Patients are shown these contacts when they need them.</Notice> : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
    </section>
  );
}
