import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  ACKNOWLEDGEMENT_ACTIONS,
  ACKNOWLEDGEMENT_LIMITS,
  acknowledgementSchema,
  type Acknowledgement,
  type Measure,
  type SelfHarmAlert,
} from '../../shared/feedback';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';

type Values = z.input<typeof acknowledgementSchema>;

/**
 * Acknowledging an item-9 answer says what was done about it: one or more of the usual steps, a
 * note, or both. Kept with the acknowledgement (and audited), and shown on the chart's Feedback
 * section beside the answer.
 */
export function AcknowledgeForm({
  alert,
  onDone,
  onCancel,
}: {
  alert: Pick<SelfHarmAlert, 'measureId'>;
  onDone: (measure: Measure) => void;
  onCancel: () => void;
}) {
  const acknowledge = useChannelMutation('measures:acknowledge');
  const [failure, setFailure] = useState<string | null>(null);
  const legendId = useId();
  const errorId = useId();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, Acknowledgement>({
    resolver: zodResolver(acknowledgementSchema),
    defaultValues: { actions: [], note: '' },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const submit = handleSubmit(async (acknowledgement) => {
    setFailure(null);
    try {
      onDone(await acknowledge.mutateAsync({ measureId: alert.measureId, acknowledgement }));
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  });

  const nothing = errors.actions?.message ?? errors.actions?.root?.message;
  return (
    <form className="acknowledge-form" onSubmit={(event) => void submit(event)} noValidate aria-label="What was done">
      <fieldset
        className={`acknowledge-form__actions${nothing ? ' acknowledge-form__actions--invalid' : ''}`}
        aria-describedby={nothing ? errorId : undefined}
      >
        <legend className="acknowledge-form__legend" id={legendId}>
          What was done?
        </legend>
        {ACKNOWLEDGEMENT_ACTIONS.map((action, index) => (
          <label key={action.key} className="checkbox">
            <input type="checkbox" value={action.key} autoFocus={index === 0} {...register('actions')} />
            {action.label}
          </label>
        ))}
        {nothing ? (
          <p className="field__error" id={errorId} role="alert">
            {nothing}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        label="Note"
        hint="What was agreed or arranged, in a few words. Needed if none of the above applies."
        rows={2}
        maxLength={ACKNOWLEDGEMENT_LIMITS.note}
        error={errors.note?.message}
        {...register('note')}
      />
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <div className="acknowledge-form__buttons">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? 'Recording…' : 'Record and acknowledge'}
        </button>
      </div>
    </form>
  );
}
