import { useId, useState } from 'react';
import { SCHEDULE_CHOICES, type ScheduleEntry } from '../../shared/measure-schedules';
import { INSTRUMENT_DEFINITIONS, type Instrument } from '../../shared/measures';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatMoment } from '../format/dates';

/** The select's value for an instrument taken off the schedule. */
const OFF = 'off';

function intervalLabel(everyDays: number | null): string {
  if (everyDays === null) return 'Not scheduled';
  return SCHEDULE_CHOICES.find((choice) => choice.everyDays === everyDays)?.label ?? `Every ${everyDays} days`;
}

/**
 * The patient's measurement schedule on the chart: how often each instrument is due, when it was last
 * given and when it falls due. A change is saved at once, as a row of its own (the earlier setting
 * stays in the record), and the Today view and the next handover follow it.
 */
export function MeasureScheduleSection({ patientId }: { patientId: string }) {
  const schedule = useChannelQuery('measures:schedule', { patientId });
  const setSchedule = useChannelMutation('measures:setSchedule');
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const ids = useId();

  async function change(instrument: Instrument, value: string) {
    setSaved(null);
    setFailure(null);
    const everyDays = value === OFF ? null : Number(value);
    try {
      await setSchedule.mutateAsync({ patientId, instrument, everyDays });
      setSaved(`${INSTRUMENT_DEFINITIONS[instrument].name}: ${intervalLabel(everyDays).toLowerCase()} from now on.`);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <section aria-labelledby={`${ids}-title`} className="measure-schedule">
      <h3 className="chart-subsection__title" id={`${ids}-title`}>
        Measurement schedule
      </h3>
      <p className="chart-section__lead">
        How often each measure is due for this patient. The Today view lists what is due, and at the handover to patient mode the measures
        due are offered first, already chosen. Until you set it, the PHQ-9 and GAD-7 are due every 4 weeks.
      </p>
      {schedule.error ? <Notice tone="error">{explain(schedule.error)}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {schedule.data ? (
        <div className="table-frame">
          <table className="table measure-schedule__table">
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">How often</th>
                <th scope="col">Last given</th>
                <th scope="col">Next due</th>
              </tr>
            </thead>
            <tbody>
              {schedule.data.entries.map((entry) => (
                <ScheduleRow key={entry.instrument} entry={entry} busy={setSchedule.isPending} onChange={change} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ScheduleRow({
  entry,
  busy,
  onChange,
}: {
  entry: ScheduleEntry;
  busy: boolean;
  onChange: (instrument: Instrument, value: string) => Promise<void>;
}) {
  const definition = INSTRUMENT_DEFINITIONS[entry.instrument];
  const value = entry.everyDays === null ? OFF : String(entry.everyDays);
  const offered = SCHEDULE_CHOICES.some((choice) => choice.everyDays === entry.everyDays);
  return (
    <tr>
      <th scope="row">
        {definition.name}
        {definition.rater === 'clinician' ? <span className="muted"> · rated by you</span> : null}
      </th>
      <td>
        <select
          className="input input--select"
          aria-label={`How often the ${definition.name} is due`}
          value={value}
          disabled={busy}
          onChange={(event) => void onChange(entry.instrument, event.target.value)}
        >
          <option value={OFF}>Not scheduled</option>
          {!offered && entry.everyDays !== null ? <option value={value}>{intervalLabel(entry.everyDays)}</option> : null}
          {SCHEDULE_CHOICES.map((choice) => (
            <option key={choice.everyDays} value={String(choice.everyDays)}>
              {choice.label}
            </option>
          ))}
        </select>
        <span className="measure-schedule__set">{entry.setAt ? `Set ${formatMoment(entry.setAt)}` : 'The usual schedule'}</span>
      </td>
      <td>{entry.lastDate ? formatCalendarDate(entry.lastDate) : <span className="muted">Never</span>}</td>
      <td>
        {entry.dueOn === null ? (
          <span className="muted">—</span>
        ) : entry.due ? (
          <span className="badge badge--warning">Due now</span>
        ) : (
          formatCalendarDate(entry.dueOn)
        )}
      </td>
    </tr>
  );
}
