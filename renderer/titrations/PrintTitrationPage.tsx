import { useParams, useSearchParams } from 'react-router';
import type { Patient } from '../../shared/patient';
import type { Preferences } from '../../shared/preferences';
import {
  formatDose,
  formatTabletCount,
  formatTablets,
  scheduleDays,
  scheduleWeeks,
  tabletTotals,
  type ScheduleDay,
  type TitrationSchedule,
} from '../../shared/titration';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatDayMonth, formatWeekdayDate } from '../format/dates';
import { titrationPath } from './paths';

export const TITRATION_PDF_FILE_NAME = 'Medication schedule.pdf';

/** One printed row: a run of days at one dose, within a week (or a single day). */
type Row = { label: string; from: string; to: string; day: ScheduleDay };

function rowsOf(schedule: TitrationSchedule, perDay: boolean): Row[] {
  if (perDay) return scheduleDays(schedule.steps).map((day, index) => ({ label: `Day ${index + 1}`, from: day.date, to: day.date, day }));
  const rows: Row[] = [];
  scheduleWeeks(schedule.steps).forEach((week, index) => {
    for (const day of week.days) {
      const last = rows.at(-1);
      if (last && last.label === `Week ${index + 1}` && last.day.position === day.position) last.to = day.date;
      else rows.push({ label: `Week ${index + 1}`, from: day.date, to: day.date, day });
    }
  });
  return rows;
}

/** The patient's copy at #/print/titration/:scheduleId: large type, one row per week (or per day with ?rows=day). */
export function PrintTitrationPage() {
  const { scheduleId = '' } = useParams();
  const schedule = useChannelQuery('titrations:get', { scheduleId });
  const patientId = schedule.data?.patientId ?? '';
  const patient = useChannelQuery('patients:get', { id: patientId }, { enabled: patientId !== '' });
  const preferences = useChannelQuery('preferences:get', {});
  const error = schedule.error ?? patient.error ?? preferences.error;
  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This schedule could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!schedule.data || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the schedule for printing…
      </p>
    );
  }
  return <PrintableSchedule schedule={schedule.data} patient={patient.data} preferences={preferences.data} />;
}

function PrintableSchedule({
  schedule,
  patient,
  preferences,
}: {
  schedule: TitrationSchedule;
  patient: Patient;
  preferences: Preferences;
}) {
  useRunningHeader(patient);
  const [params, setParams] = useSearchParams();
  const perDay = params.get('rows') === 'day';
  const printing = usePrintWindow({
    fileName: TITRATION_PDF_FILE_NAME,
    what: 'The schedule',
    recordPrinted: () => call('titrations:printed', { scheduleId: schedule.id }),
  });
  const totals = tabletTotals(schedule.steps);
  const strength = schedule.steps.find((s) => s.tabletStrength !== null)?.tabletStrength ?? null;
  const unit = schedule.steps[0]?.doseUnit ?? 'mg';
  const rows = rowsOf(schedule, perDay);
  // When every step is taken equally often, the lead says how often and the rows give the dose alone.
  const oneFrequency = new Set(schedule.steps.map((s) => s.frequency)).size === 1 ? (schedule.steps[0]?.frequency ?? null) : null;

  return (
    <div className="print-page print-page--titration">
      <div className="print-page__toolbar no-print">
        <BackLink to={titrationPath(patient.id, schedule.id)}>Back to the schedule</BackLink>
        <PrintButtons {...printing} />
      </div>
      <div className="print-options no-print" role="group" aria-label="Print options">
        <fieldset className="print-options__group">
          <legend className="print-options__legend">One row per</legend>
          {(['week', 'day'] as const).map((value) => (
            <label key={value} className="checkbox">
              <input
                type="radio"
                name="titration-rows"
                checked={perDay === (value === 'day')}
                onChange={() => setParams(value === 'day' ? { rows: 'day' } : {}, { replace: true })}
              />
              <span>{value === 'week' ? 'Week' : 'Day'}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <div className="no-print print-page__notices">
        <PrintOutcome state={printing.state} />
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className="print-document titration-print" aria-label="Printable medication schedule">
        <Letterhead preferences={preferences} />
        <h1 className="print-document__title">
          Your <UserText>{schedule.medicationName}</UserText> schedule
        </h1>
        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
        </dl>
        <p className="titration-print__lead">
          {schedule.direction === 'taper' ? 'We are lowering your dose step by step.' : 'We are raising your dose step by step.'} Take the
          dose in the row for each day{oneFrequency ? `, ${oneFrequency}` : ''}.
          {strength !== null ? (
            <>
              {' '}
              Your tablets are{' '}
              <strong>
                {strength} {unit}
              </strong>{' '}
              each.
            </>
          ) : null}
        </p>
        <table className="titration-print__table">
          <thead>
            <tr>
              <th scope="col">{perDay ? 'Day' : 'Week'}</th>
              <th scope="col">Dates</th>
              <th scope="col">Dose</th>
              {strength !== null ? <th scope="col">Tablets each day</th> : null}
              <th scope="col">Done</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const step = schedule.steps[row.day.position - 1];
              return (
                <tr key={`${row.label}-${row.from}`}>
                  <td className="titration-print__nowrap">{row.label}</td>
                  <td className="titration-print__nowrap">
                    {perDay
                      ? formatWeekdayDate(row.from)
                      : row.from === row.to
                        ? formatCalendarDate(row.from)
                        : `${formatDayMonth(row.from)} to ${formatCalendarDate(row.to)}`}
                  </td>
                  <td className="titration-print__nowrap">
                    <strong>{row.day.doseAmount === 0 ? 'Stop: take none' : formatDose(row.day.doseAmount, unit)}</strong>
                    {row.day.doseAmount > 0 && step && !oneFrequency ? ` ${step.frequency}` : ''}
                  </td>
                  {strength !== null ? (
                    <td className="titration-print__nowrap">
                      {row.day.tabletsPerDay === null || row.day.doseAmount === 0 ? '—' : formatTabletCount(row.day.tabletsPerDay)}
                    </td>
                  ) : null}
                  <td className="titration-print__box" aria-label="Tick when done" />
                </tr>
              );
            })}
          </tbody>
        </table>
        {totals.total !== null ? (
          <p className="titration-print__total">Tablets you need for the whole schedule: {formatTablets(totals.total)}</p>
        ) : null}
        <section className="titration-print__section">
          <h2 className="titration-print__heading">If you miss a dose</h2>
          <p>
            <UserText>{schedule.missedDoseAdvice}</UserText>
          </p>
        </section>
        <section className="titration-print__section">
          <h2 className="titration-print__heading">Questions or feeling unwell? Call</h2>
          <p>
            <UserText>{schedule.whoToCall}</UserText>
          </p>
          <p>If you feel very unwell or unsafe, call your local emergency number.</p>
        </section>
      </article>
    </div>
  );
}
