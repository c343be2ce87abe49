import { useId, useMemo } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import {
  APPOINTMENT_LIMITS,
  appointmentFormSchema,
  REPEAT_PATTERNS,
  type AppointmentFormOutput,
  type AppointmentFormValues,
  type RepeatPattern,
} from '../../../shared/appointment';
import { describeRecurrence } from '../../../shared/recurrence';
import { TextField } from '../../components/TextField';
import { localDate, localDateTime, practiceTimeZone } from '../labels';
import { monthlyDay, recurrenceFrom } from './values';
import { formatWeekdayName } from '../../format/times';

const REPEAT_LABELS: Record<RepeatPattern, string> = {
  none: 'Does not repeat',
  weekly: 'Every week',
  'every-n-weeks': 'Every few weeks',
  monthly: 'Once a month, on the same weekday',
};

const ORDINAL_WORDS = ['', 'first', 'second', 'third', 'fourth', 'fifth'] as const;

/** How a new booking repeats: the pattern, which weekday of the month, when the series ends, and the series in words. */
export function RepeatFields() {
  const ids = useId();
  const {
    control,
    register,
    getValues,
    formState: { errors },
  } = useFormContext<AppointmentFormValues, unknown, AppointmentFormOutput>();
  const [date, time, repeat] = useWatch({ control, name: ['date', 'time', 'repeat'] });
  const start = localDate(date, time);
  const monthly = useMemo(() => monthlyDay(date, time), [date, time]);
  const weekdayName = start ? formatWeekdayName(start) : 'weekday';

  const summary = useMemo(() => {
    // Only a series the schema finds nothing wrong with is described; what is wrong is said beside its field.
    const checked = appointmentFormSchema.safeParse(getValues());
    if (checked.error?.issues.some((issue) => issue.path[0] === 'repeat') || !localDate(date, time)) return null;
    const recurrence = recurrenceFrom(repeat, monthly);
    if (!recurrence) return null;
    try {
      return describeRecurrence({ firstStart: localDateTime(date, time), timeZone: practiceTimeZone(), recurrence });
    } catch {
      return null;
    }
  }, [getValues, date, time, repeat, monthly]);

  return (
    <fieldset className="repeat">
      <legend className="field__label">Repeat</legend>
      <div className="field">
        <label className="visually-hidden" htmlFor={`${ids}-repeat`}>
          Repeat
        </label>
        <select id={`${ids}-repeat`} className="input select" {...register('repeat.pattern')}>
          {REPEAT_PATTERNS.map((pattern) => (
            <option key={pattern} value={pattern}>
              {REPEAT_LABELS[pattern]}
            </option>
          ))}
        </select>
      </div>
      {repeat.pattern === 'every-n-weeks' ? (
        <TextField
          label="Every how many weeks"
          type="number"
          inputMode="numeric"
          min={APPOINTMENT_LIMITS.fewWeeks.min}
          max={APPOINTMENT_LIMITS.fewWeeks.max}
          className="input--short"
          error={errors.repeat?.everyWeeks?.message}
          {...register('repeat.everyWeeks', { valueAsNumber: true })}
        />
      ) : null}
      {repeat.pattern === 'monthly' && monthly && monthly.isLast && monthly.ordinal < 5 ? (
        <Controller
          control={control}
          name="repeat.monthlyLast"
          render={({ field }) => (
            <fieldset className="choice-group">
              <legend className="field__label">Which {weekdayName}</legend>
              <div className="segmented">
                <label className="segmented__option">
                  <input type="radio" name={`${ids}-nth`} checked={!field.value} onChange={() => field.onChange(false)} />
                  <span>
                    The {ORDINAL_WORDS[monthly.ordinal]} {weekdayName}
                  </span>
                </label>
                <label className="segmented__option">
                  <input type="radio" name={`${ids}-nth`} checked={field.value} onChange={() => field.onChange(true)} />
                  <span>The last {weekdayName}</span>
                </label>
              </div>
            </fieldset>
          )}
        />
      ) : null}
      {repeat.pattern !== 'none' ? (
        <fieldset className="choice-group">
          <legend className="field__label">Ends</legend>
          <div className="repeat__ends">
            <label className="checkbox">
              <input type="radio" value="never" {...register('repeat.ends')} />
              <span>Never</span>
            </label>
            <div className="repeat__end-line">
              <label className="checkbox">
                <input type="radio" value="until" {...register('repeat.ends')} />
                <span>On a date</span>
              </label>
              {repeat.ends === 'until' ? (
                <TextField
                  label="Last session on"
                  type="date"
                  className="input--date"
                  error={errors.repeat?.lastDate?.message}
                  {...register('repeat.lastDate')}
                />
              ) : null}
            </div>
            <div className="repeat__end-line">
              <label className="checkbox">
                <input type="radio" value="count" {...register('repeat.ends')} />
                <span>After a number of sessions</span>
              </label>
              {repeat.ends === 'count' ? (
                <TextField
                  label="Number of sessions"
                  type="number"
                  inputMode="numeric"
                  min={APPOINTMENT_LIMITS.sessions.min}
                  max={APPOINTMENT_LIMITS.sessions.max}
                  className="input--short"
                  error={errors.repeat?.sessions?.message}
                  {...register('repeat.sessions', { valueAsNumber: true })}
                />
              ) : null}
            </div>
          </div>
        </fieldset>
      ) : null}
      {summary ? (
        <p className="repeat__summary" aria-live="polite">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
              d="M3 8a5 5 0 0 1 8.5-3.5L13 6M13 2.5V6H9.5M13 8a5 5 0 0 1-8.5 3.5L3 10M3 13.5V10h3.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          {summary}
        </p>
      ) : null}
    </fieldset>
  );
}
