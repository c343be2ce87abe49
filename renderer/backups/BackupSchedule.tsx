import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { URGENT_BACKUP_REMINDER_DAYS } from '../../shared/backup';
import { preferencesUpdateSchema, type Preferences } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

const shape = preferencesUpdateSchema.shape;

/** A whole number as typed, checked by the preference's own schema (its limits and messages are written once, in shared/). */
function wholeNumber(schema: z.ZodType<number, number>) {
  return z.string().trim().regex(/^\d+$/, 'Enter a whole number').transform(Number).pipe(schema);
}

const formSchema = z.strictObject({
  backupEveryHours: wholeNumber(shape.backupEveryHours.unwrap()),
  backupReminderDays: wholeNumber(shape.backupReminderDays.unwrap()),
  backupKeepDaily: wholeNumber(shape.backupKeepDaily.unwrap()),
  backupKeepWeekly: wholeNumber(shape.backupKeepWeekly.unwrap()),
  backupKeepMonthly: wholeNumber(shape.backupKeepMonthly.unwrap()),
});
type Values = z.input<typeof formSchema>;
type Field = keyof Values;

function valuesOf(preferences: Preferences): Values {
  return {
    backupEveryHours: String(preferences.backupEveryHours),
    backupReminderDays: String(preferences.backupReminderDays),
    backupKeepDaily: String(preferences.backupKeepDaily),
    backupKeepWeekly: String(preferences.backupKeepWeekly),
    backupKeepMonthly: String(preferences.backupKeepMonthly),
  };
}

/** How often a backup is made on its own, when the reminder speaks, and what pruning keeps. */
export function BackupSchedule({ preferences }: { preferences: Preferences }) {
  const update = useChannelMutation('preferences:update');
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const initial = valuesOf(preferences);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: initial,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const key = JSON.stringify(initial);
  useEffect(() => reset(JSON.parse(key) as Values), [key, reset]);

  const submit = handleSubmit(async (values) => {
    setSaved(false);
    setFailure(null);
    try {
      await update.mutateAsync(values);
      setSaved(true);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  });

  const field = (name: Field) => register(name, { onChange: () => setSaved(false) });
  return (
    <form className="stack backup-schedule" onSubmit={(event) => void submit(event)} noValidate aria-label="Backup schedule">
      <h3 className="backup-schedule__title">Schedule, reminder and what is kept</h3>
      <TextField
        label="Back up on its own every"
        hint="Hours; 24 is once a day. Alliance also backs up when it locks or quits, at most this often."
        inputMode="numeric"
        className="input--short"
        after={<span className="muted">hours</span>}
        error={errors.backupEveryHours?.message}
        {...field('backupEveryHours')}
      />
      <TextField
        label="Remind me when no backup has been verified for"
        hint={`Days. After ${URGENT_BACKUP_REMINDER_DAYS} days the reminder cannot be missed, whatever this says.`}
        inputMode="numeric"
        className="input--short"
        after={<span className="muted">days</span>}
        error={errors.backupReminderDays?.message}
        {...field('backupReminderDays')}
      />
      <fieldset className="backup-keep">
        <legend className="field__label">Keep the newest backup of each of the last</legend>
        <TextField
          label="Days"
          inputMode="numeric"
          className="input--short"
          error={errors.backupKeepDaily?.message}
          {...field('backupKeepDaily')}
        />
        <TextField
          label="Weeks"
          inputMode="numeric"
          className="input--short"
          error={errors.backupKeepWeekly?.message}
          {...field('backupKeepWeekly')}
        />
        <TextField
          label="Months"
          inputMode="numeric"
          className="input--short"
          error={errors.backupKeepMonthly?.message}
          {...field('backupKeepMonthly')}
        />
      </fieldset>
      <p className="field__hint">Older backups in the folder are removed after each verified backup. The newest is always kept.</p>
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={isSubmitting}>
          Save backup settings
        </button>
      </div>
      {saved ? <Notice tone="success">Saved.</Notice> : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
    </form>
  );
}
