import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { Controller, FormProvider, useForm, useWatch } from 'react-hook-form';
import {
  APPOINTMENT_KINDS,
  APPOINTMENT_LIMITS,
  appointmentFormSchema,
  durationMinutesSchema,
  KIND_LABELS,
  type Appointment,
  type AppointmentFormOutput,
  type AppointmentFormValues,
} from '../../shared/appointment';
import type { AppError } from '../../shared/errors';
import { describeRecurrence } from '../../shared/recurrence';
import { asAppError } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { dateInputValue } from '../format/dates';
import { formatLongDay, formatTimeRange } from '../format/times';
import { BookingRefusal } from './appointment-form/BookingRefusal';
import { RepeatFields } from './appointment-form/RepeatFields';
import { changesFrom, formDefaults, monthlyDay, recurrenceFrom, type FormStart } from './appointment-form/values';
import { localDate, localDateTime, practiceTimeZone, timeInputValue } from './labels';
import { useSessionMutation } from './mutations';
import { PatientCombobox } from './PatientCombobox';
import { SchedulingWarnings, warningReasons } from './SchedulingWarnings';
import { SCOPE_LABELS, ScopeChoice } from './ScopeChoice';

export type { FormStart } from './appointment-form/values';

const checkAppointment = zodResolver(appointmentFormSchema);

type AppointmentFormProps = {
  initial: FormStart;
  onSaved: (appointment: Appointment) => void;
  onCancel: () => void;
};

/**
 * Books a session or a series, or changes one: patient, time, length, kind, place, a short note, and
 * how it repeats, checked with the shared form schema (appointmentFormSchema).
 */
export function AppointmentForm({ initial, onSaved, onCancel }: AppointmentFormProps) {
  const editing = initial.type === 'edit' ? initial.appointment : null;
  const ids = useId();
  const [refusal, setRefusal] = useState<{ reasons: string[] } | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);

  const form = useForm<AppointmentFormValues, unknown, AppointmentFormOutput>({
    resolver: checkAppointment,
    defaultValues: formDefaults(initial),
    // Checked when the person books, then as they correct, as the patient form is.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    // Focus stays on the button pressed: the patient box takes no focus from the form, so moving it to
    // "the first problem" would skip a missing patient and scroll the dialog past its message.
    shouldFocusError: false,
  });
  const {
    control,
    register,
    handleSubmit,
    formState: { errors },
  } = form;
  const [date, time, minutes, isVideo, scope] = useWatch({ control, name: ['date', 'time', 'durationMinutes', 'isVideo', 'scope'] });

  const create = useSessionMutation('appointments:create');
  const update = useSessionMutation('appointments:update');
  const busy = create.isPending || update.isPending;

  const start = localDate(date, time);
  const lengthValid = durationMinutesSchema.safeParse(minutes).success;

  const warnings = useChannelQuery(
    'appointments:warnings',
    { start: start?.toISOString() ?? '', durationMinutes: lengthValid ? minutes : 0, ignore: editing?.ref ?? null },
    { enabled: start !== null && lengthValid, keepPrevious: true },
  );

  /** Books (or changes) what the form holds; with `acknowledgeWarnings` past a double booking or the working hours. */
  const save = (acknowledgeWarnings: boolean) =>
    handleSubmit(async (checked) => {
      setFailure(null);
      const begins = localDate(checked.date, checked.time);
      if (!begins) return;
      try {
        if (editing) {
          const changes = changesFrom(editing, checked, begins);
          if (Object.keys(changes).length === 0) {
            onSaved(editing);
            return;
          }
          const saved = await update.mutateAsync({
            ref: editing.ref,
            scope: editing.ref.type === 'occurrence' ? checked.scope : 'this',
            version: editing.version,
            changes,
            acknowledgeWarnings,
          });
          onSaved(saved);
        } else {
          const { repeat, scope: _scope, date: _date, time: _time, ...appointment } = checked;
          const saved = await create.mutateAsync({
            appointment: {
              ...appointment,
              start: begins.toISOString(),
              recurrence: recurrenceFrom(repeat, monthlyDay(checked.date, checked.time)),
            },
            acknowledgeWarnings,
          });
          onSaved(saved);
        }
      } catch (caught) {
        const error = asAppError(caught);
        if (error.code === 'SCHEDULING_WARNING') setRefusal({ reasons: warningReasons(error, warnings.data) });
        else setFailure(error);
      }
    });

  const inSeries = editing?.ref.type === 'occurrence';

  return (
    <FormProvider {...form}>
      <form
        className="appointment-form"
        onSubmit={(event) => void save(false)(event)}
        noValidate
        aria-label={editing ? 'Change session' : 'New appointment'}
      >
        <Controller
          control={control}
          name="patientId"
          render={({ field }) => (
            <PatientCombobox
              value={field.value}
              onChange={field.onChange}
              error={errors.patientId?.message}
              {...(editing ? { initialName: editing.patientName } : {})}
            />
          )}
        />

        <div className="appointment-form__when">
          <TextField label="Date" type="date" className="input--date" error={errors.date?.message} required {...register('date')} />
          <TextField
            label="Start time"
            type="time"
            step={300}
            className="input--time"
            error={errors.time?.message}
            required
            {...register('time')}
          />
          <TextField
            label="Length in minutes"
            type="number"
            inputMode="numeric"
            min={APPOINTMENT_LIMITS.minutes.min}
            max={APPOINTMENT_LIMITS.minutes.max}
            step={5}
            className="input--short"
            error={errors.durationMinutes?.message}
            {...register('durationMinutes', { valueAsNumber: true })}
          />
        </div>
        {start && lengthValid ? (
          <p className="appointment-form__when-text">
            {formatLongDay(start)}, {formatTimeRange(start, new Date(start.getTime() + minutes * 60_000))}
          </p>
        ) : null}
        <SchedulingWarnings warnings={warnings.data ?? []} />

        <div className="appointment-form__row">
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-kind`}>
              Kind of session
            </label>
            <select id={`${ids}-kind`} className="input select" {...register('kind')}>
              {APPOINTMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>

          <Controller
            control={control}
            name="isVideo"
            render={({ field }) => (
              <fieldset className="choice-group">
                <legend className="field__label">Where</legend>
                <div className="segmented">
                  <label className="segmented__option">
                    <input type="radio" name={`${ids}-where`} checked={!field.value} onChange={() => field.onChange(false)} />
                    <span>In person</span>
                  </label>
                  <label className="segmented__option">
                    <input type="radio" name={`${ids}-where`} checked={field.value} onChange={() => field.onChange(true)} />
                    <span>Video</span>
                  </label>
                </div>
              </fieldset>
            )}
          />
        </div>
        <div className="appointment-form__row">
          <TextField
            label="Location"
            optional
            hint={isVideo ? 'The video service or room.' : 'A room or an address.'}
            error={errors.location?.message}
            maxLength={APPOINTMENT_LIMITS.locationLength}
            {...register('location')}
          />
          <TextField
            label="Note"
            optional
            hint="Non-clinical, e.g. “bring insurance card”."
            error={errors.note?.message}
            maxLength={APPOINTMENT_LIMITS.noteLength}
            {...register('note')}
          />
        </div>

        {editing ? (
          editing.recurrence ? (
            <p className="appointment-form__repeats">
              <span className="muted">Repeats: </span>
              {describeSeries(editing)}
            </p>
          ) : null
        ) : (
          <RepeatFields />
        )}

        {inSeries ? (
          <Controller
            control={control}
            name="scope"
            render={({ field }) => <ScopeChoice value={field.value} onChange={field.onChange} legend="Change which sessions?" />}
          />
        ) : null}

        {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}
        {refusal ? (
          <BookingRefusal
            reasons={refusal.reasons}
            busy={busy}
            onBack={() => setRefusal(null)}
            onBookAnyway={() => {
              setRefusal(null);
              void save(true)();
            }}
          />
        ) : (
          <div className="dialog__actions">
            <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy
                ? 'Saving…'
                : editing
                  ? inSeries
                    ? `Save for ${SCOPE_LABELS[scope].toLocaleLowerCase()}`
                    : 'Save changes'
                  : 'Book appointment'}
            </button>
          </div>
        )}
      </form>
    </FormProvider>
  );
}

export function describeSeries(appointment: Pick<Appointment, 'recurrence' | 'start' | 'ref'>): string {
  if (!appointment.recurrence) return '';
  try {
    const timeZone = practiceTimeZone();
    const start = new Date(appointment.start);
    // A moved session still belongs to its series' slot: describe the series by that slot, not the new time.
    const firstStart =
      appointment.ref.type === 'occurrence' ? appointment.ref.originalStart : localDateTime(dateInputValue(start), timeInputValue(start));
    return describeRecurrence({ firstStart, timeZone, recurrence: appointment.recurrence });
  } catch {
    return 'Repeats';
  }
}
