import { useEffect, useId, useState, type FormEvent } from 'react';
import { preferencesUpdateSchema, type Preferences, type PreferencesUpdate } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { localeWeekStart } from '../calendar';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatWeekdayName } from '../format/times';

type Draft = {
  defaultSessionMinutes: string;
  start: string;
  end: string;
  days: number[];
  lateCancellationHours: string;
  sessionEndNoticeMinutes: string;
  showCancelled: boolean;
};

type Field = 'defaultSessionMinutes' | 'hours' | 'days' | 'lateCancellationHours' | 'sessionEndNoticeMinutes';

function draftOf(p: Preferences): Draft {
  return {
    defaultSessionMinutes: String(p.defaultSessionMinutes),
    start: p.workingHours.start,
    end: p.workingHours.end,
    days: [...p.workingHours.days],
    lateCancellationHours: String(p.lateCancellationHours),
    sessionEndNoticeMinutes: String(p.sessionEndNoticeMinutes),
    showCancelled: p.showCancelled,
  };
}

function whole(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/** The week in the locale's order, named in its language: Monday first in most places, Sunday in others. */
function weekdays(): { day: number; name: string }[] {
  const first = localeWeekStart();
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const day = (first + i) % 7;
    return { day, name: formatWeekdayName(new Date(2023, 0, 1 + day)) };
  });
}

/** Session length, working hours, the late-cancellation window, the end-of-session notice, cancelled sessions. */
export function CalendarPreferences() {
  const preferences = useChannelQuery('preferences:get', {});
  if (!preferences.data) return null;
  return <CalendarPreferencesForm preferences={preferences.data} />;
}

function CalendarPreferencesForm({ preferences }: { preferences: Preferences }) {
  const ids = useId();
  const update = useChannelMutation('preferences:update');
  const [draft, setDraft] = useState<Draft>(() => draftOf(preferences));
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const days = weekdays();

  useEffect(() => setDraft(draftOf(preferences)), [preferences]);

  function change(patch: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    const found: Partial<Record<Field, string>> = {};
    const candidate: PreferencesUpdate = {
      defaultSessionMinutes: whole(draft.defaultSessionMinutes),
      workingHours: { start: draft.start, end: draft.end, days: [...draft.days].sort((a, b) => a - b) },
      lateCancellationHours: whole(draft.lateCancellationHours),
      sessionEndNoticeMinutes: whole(draft.sessionEndNoticeMinutes),
      showCancelled: draft.showCancelled,
    };
    const parsed = preferencesUpdateSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (key === 'workingHours') found.hours ??= issue.message;
        else if (key === 'defaultSessionMinutes' || key === 'lateCancellationHours' || key === 'sessionEndNoticeMinutes') {
          found[key] ??= Number.isNaN(candidate[key] ?? Number.NaN) ? 'Enter a whole number.' : issue.message;
        }
      }
    }
    if (draft.days.length === 0) found.days = 'Choose at least one working day.';
    setProblems(found);
    if (Object.keys(found).length > 0 || !parsed.success) return;
    try {
      await update.mutateAsync(parsed.data);
      setSaved(true);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <section className="card calendar-preferences" aria-labelledby={`${ids}-title`}>
      <h2 className="card__title" id={`${ids}-title`}>
        Calendar
      </h2>
      <p className="card__text">How sessions are booked and shown. These settings hold nothing about patients.</p>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label="Default session length in minutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={480}
          className="input--short"
          value={draft.defaultSessionMinutes}
          onChange={(e) => change({ defaultSessionMinutes: e.target.value })}
          error={problems.defaultSessionMinutes}
        />
        <fieldset className="choice-group">
          <legend className="field__label">Working hours</legend>
          <p className="field__hint">Times outside them are shaded in the calendar, and booking there asks first.</p>
          <div className="calendar-preferences__hours">
            <TextField
              label="Day starts"
              type="time"
              className="input--time"
              value={draft.start}
              onChange={(e) => change({ start: e.target.value })}
            />
            <TextField
              label="Day ends"
              type="time"
              className="input--time"
              value={draft.end}
              onChange={(e) => change({ end: e.target.value })}
              error={problems.hours}
            />
          </div>
          <div className="calendar-preferences__days" role="group" aria-label="Working days">
            {days.map(({ day, name }) => (
              <label key={day} className="day-chip">
                <input
                  type="checkbox"
                  checked={draft.days.includes(day)}
                  onChange={(e) => change({ days: e.target.checked ? [...draft.days, day] : draft.days.filter((d) => d !== day) })}
                />
                <span>{name}</span>
              </label>
            ))}
          </div>
          {problems.days ? <p className="field__error">{problems.days}</p> : null}
        </fieldset>
        <TextField
          label="Late-cancellation window in hours"
          hint="A patient’s cancellation this close to the session is recorded as a late cancellation."
          type="number"
          inputMode="numeric"
          min={0}
          max={168}
          className="input--short"
          value={draft.lateCancellationHours}
          onChange={(e) => change({ lateCancellationHours: e.target.value })}
          error={problems.lateCancellationHours}
        />
        <TextField
          label="Notice before a session ends, in minutes"
          hint="A quiet note in the header while the session timer runs; 0 for none."
          type="number"
          inputMode="numeric"
          min={0}
          max={30}
          className="input--short"
          value={draft.sessionEndNoticeMinutes}
          onChange={(e) => change({ sessionEndNoticeMinutes: e.target.value })}
          error={problems.sessionEndNoticeMinutes}
        />
        <label className="checkbox">
          <input type="checkbox" checked={draft.showCancelled} onChange={(e) => change({ showCancelled: e.target.checked })} />
          <span>Show cancelled sessions in the calendar (struck through)</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={update.isPending}>
            Save calendar settings
          </button>
        </div>
        {saved ? <Notice tone="success">Calendar settings saved.</Notice> : null}
        {failure ? <Notice tone="error">{failure}</Notice> : null}
      </form>
    </section>
  );
}
