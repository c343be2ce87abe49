import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { Controller, useForm, useWatch, type FieldPath } from 'react-hook-form';
import type { z } from 'zod';
import {
  AIMS_CREDIT,
  AIMS_DENTAL_ITEMS,
  AIMS_FLAG_EXPLANATION,
  AIMS_FLAG_LABEL,
  AIMS_GLOBAL_ITEMS,
  AIMS_INSTRUCTIONS,
  AIMS_LIMITS,
  AIMS_MOVEMENT_GROUPS,
  AIMS_MOVEMENT_ITEMS,
  AIMS_PROCEDURE,
  AIMS_SEVERITY_ANCHORS,
  aimsFlag,
  aimsInputSchema,
  type AimsExamination,
  type AimsInput,
} from '../../shared/aims';
import { localToday } from '../../shared/dates';
import { signatureName } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { DateField } from '../components/DateField';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { RatingChoice } from './RatingChoice';

type Values = z.input<typeof aimsInputSchema>;
const YES_NO = ['No', 'Yes'] as const;
const UNRATED = Array.from({ length: 7 }, () => undefined) as unknown as Values['movements'];

/** The total of the areas rated so far, and how many of the seven are. */
function runningScore(movements: readonly (number | undefined)[]) {
  const rated = movements.filter((rating): rating is number => typeof rating === 'number');
  return {
    total: rated.reduce((sum, rating) => sum + rating, 0),
    rated: rated.length,
    flagged: aimsFlag({ movements: rated }) === 'possible-td',
  };
}

/**
 * A new AIMS examination, as the form prints it: the procedure to follow, items 1–7 by body area, the
 * global judgements and the dental questions, each answer with the form's words. The total of items
 * 1–7 and the screening flag show as the areas are rated.
 */
export function AimsForm({
  patientId,
  onSaved,
  onCancel,
}: {
  patientId: string;
  onSaved: (examination: AimsExamination) => void;
  onCancel: () => void;
}) {
  const record = useChannelMutation('aims:record');
  const preferences = useChannelQuery('preferences:get', {});
  const [failure, setFailure] = useState<string | null>(null);
  const {
    control,
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<Values, unknown, AimsInput>({
    resolver: zodResolver(aimsInputSchema),
    // Seven places for items 1–7, so each unrated one is refused beside it rather than the list as a whole.
    defaultValues: { examinedOn: localToday(), movements: UNRATED, note: '', examinedBy: '' },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  // The examiner is the clinician Settings names, once preferences arrive, unless already typed.
  const signer = preferences.data ? signatureName(preferences.data) : '';
  useEffect(() => {
    if (signer !== '' && getValues('examinedBy') === '') setValue('examinedBy', signer);
  }, [signer, getValues, setValue]);

  const movements = useWatch({ control, name: 'movements' }) as (number | undefined)[] | undefined;
  const score = runningScore(movements ?? []);

  const submit = handleSubmit(async (examination) => {
    setFailure(null);
    try {
      onSaved(await record.mutateAsync({ patientId, examination }));
    } catch (caught) {
      const error = asAppError(caught);
      const issues = error.code === 'INVALID_INPUT' ? (error.issues ?? []).filter((i) => i.path.startsWith('examination.')) : [];
      if (issues.length === 0) setFailure(explain(error));
      for (const issue of issues) setError(issue.path.slice('examination.'.length) as FieldPath<Values>, { message: issue.message });
    }
  });

  // Items 1–7 share one key: each unrated area counts.
  const errorCount = Object.entries(errors).reduce(
    (count, [key, error]) =>
      count + (key === 'movements' && error ? Object.values(error).filter((e) => e && 'message' in e).length || 1 : 1),
    0,
  );
  return (
    <form className="aims-form" onSubmit={(event) => void submit(event)} noValidate aria-label="New AIMS examination">
      <details className="aims-form__procedure">
        <summary>Examination procedure</summary>
        <p>{AIMS_PROCEDURE.before}</p>
        <ol>
          {AIMS_PROCEDURE.steps.map((step) => (
            <li key={step.text}>
              {step.text}
              {step.activated ? <span className="aims-form__activated"> (activated movements)</span> : null}
            </li>
          ))}
        </ol>
      </details>
      <p className="aims-form__instructions">{AIMS_INSTRUCTIONS}</p>

      <div className="aims-form__row">
        <Controller
          control={control}
          name="examinedOn"
          render={({ field, fieldState }) => (
            <DateField label="Date examined" value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
          )}
        />
        <TextField label="Examined by" autoComplete="off" error={errors.examinedBy?.message} {...register('examinedBy')} />
      </div>

      {AIMS_MOVEMENT_GROUPS.map((group) => (
        <section key={group.heading} className="aims-form__group" aria-label={group.heading}>
          <h4 className="aims-form__group-title">{group.heading}</h4>
          {group.items.map((index) => {
            const item = AIMS_MOVEMENT_ITEMS[index];
            if (!item) return null;
            return (
              <Controller
                key={item.number}
                control={control}
                name={`movements.${index}`}
                render={({ field, fieldState }) => (
                  <RatingRow
                    legend={
                      <>
                        <span className="aims-item__number">{item.number}.</span> <strong>{item.area}</strong>{' '}
                        <span className="aims-item__detail">{item.detail}</span>
                      </>
                    }
                    value={field.value}
                    onChange={field.onChange}
                    error={fieldState.error?.message}
                  />
                )}
              />
            );
          })}
        </section>
      ))}

      <div className="aims-form__score" role="status" aria-live="polite">
        <p>
          <span className="aims-form__score-label">Total, items 1–7</span> <strong className="aims-form__score-value">{score.total}</strong>{' '}
          of {AIMS_LIMITS.maxTotal}
          <span className="muted"> · {score.rated} of 7 areas rated</span>
        </p>
        {score.flagged ? (
          <p className="aims-flag" title={AIMS_FLAG_EXPLANATION}>
            {AIMS_FLAG_LABEL}
          </p>
        ) : null}
      </div>

      <section className="aims-form__group" aria-label="Global judgements">
        <h4 className="aims-form__group-title">Global judgements</h4>
        {(['severity', 'incapacitation', 'awareness'] as const).map((key) => {
          const item = AIMS_GLOBAL_ITEMS[key];
          return (
            <Controller
              key={key}
              control={control}
              name={key}
              render={({ field, fieldState }) => (
                <RatingRow
                  legend={
                    <>
                      <span className="aims-item__number">{item.number}.</span> <strong>{item.question}</strong>
                    </>
                  }
                  anchors={item.anchors}
                  value={field.value}
                  onChange={field.onChange}
                  error={fieldState.error?.message}
                />
              )}
            />
          );
        })}
      </section>

      <section className="aims-form__group" aria-label="Dental status">
        <h4 className="aims-form__group-title">Dental status</h4>
        {(['dentalProblems', 'wearsDentures'] as const).map((key) => {
          const item = AIMS_DENTAL_ITEMS[key];
          return (
            <Controller
              key={key}
              control={control}
              name={key}
              render={({ field, fieldState }) => (
                <RatingChoice
                  legend={
                    <>
                      <span className="aims-item__number">{item.number}.</span> <strong>{item.question}</strong>
                    </>
                  }
                  anchors={YES_NO}
                  numbered={false}
                  value={typeof field.value === 'boolean' ? Number(field.value) : undefined}
                  onChange={(value) => field.onChange(value === 1)}
                  error={fieldState.error?.message}
                />
              )}
            />
          );
        })}
      </section>

      <TextAreaField label="Note" optional rows={3} maxLength={AIMS_LIMITS.note} error={errors.note?.message} {...register('note')} />

      {submitCount > 0 && errorCount > 0 ? (
        <Notice tone="error">
          {errorCount === 1 ? 'One answer needs attention.' : `${errorCount} answers need attention.`} Each is marked beside it.
        </Notice>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <div className="aims-form__actions">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save examination'}
        </button>
      </div>
      <p className="aims-form__credit">{AIMS_CREDIT}</p>
    </form>
  );
}

function RatingRow(props: Omit<Parameters<typeof RatingChoice>[0], 'anchors'> & { anchors?: readonly string[] }) {
  return <RatingChoice {...props} anchors={props.anchors ?? AIMS_SEVERITY_ANCHORS} />;
}
