import { useId, useMemo, useState } from 'react';
import { MONITORING_READS } from '../../shared/channels/monitoring';
import {
  MONITORING_PROTOCOLS,
  describeDueReason,
  describeSchedule,
  monitoringAdjustmentInputSchema,
  practiceProtocols,
  type AppliedAdjustment,
  type DueCheck,
  type MonitoringAdjustmentInput,
  type MonitoringProtocolId,
} from '../../shared/monitoring';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { asAppError } from '../bridge/client';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatInstantDate } from '../format/dates';
import { dueText } from './dueText';

type Target = { protocol: MonitoringProtocolId; check: string; label: string; current: number | null; setAside: boolean };

const UNITS = { weeks: 7, months: 30.4 } as const;
type Unit = keyof typeof UNITS;

/** "every 12 months", from a number of days the dialog wrote. */
function everyInWords(days: number): string {
  const months = Math.round(days / UNITS.months);
  return days % 7 === 0 && days < 91 ? `every ${days / 7} weeks` : `every ${months} month${months === 1 ? '' : 's'}`;
}

function protocolName(id: MonitoringProtocolId): string {
  return MONITORING_PROTOCOLS.find((protocol) => protocol.id === id)?.name ?? id;
}

/**
 * Everything the patient's medications ask to be checked, with when and why, in the results tab; each
 * check can be given the patient's own interval or set aside for them, with a reason the chart keeps.
 */
export function PatientMonitoring({ patientId }: { patientId: string }) {
  const monitoring = useChannelQuery('monitoring:patient', { patientId }, { reads: MONITORING_READS });
  const [target, setTarget] = useState<Target | null>(null);
  if (!monitoring.data) return monitoring.error ? <Notice tone="error">{explain(monitoring.error)}</Notice> : null;
  const { due, adjustments, today } = monitoring.data;
  const setAside = adjustments.filter((adjustment) => adjustment.kind === 'off');
  if (due.length === 0 && setAside.length === 0) return null;
  const reasonOf = (check: Pick<DueCheck, 'protocol' | 'check'>) =>
    adjustments.find((adjustment) => adjustment.protocol === check.protocol && adjustment.check === check.check)?.reason;

  return (
    <section className="chart-subsection patient-monitoring" aria-labelledby="patient-monitoring-title">
      <h3 className="chart-subsection__title" id="patient-monitoring-title">
        Monitoring for the medications taken
      </h3>
      <ul className="patient-monitoring__list">
        {due.map((check) => (
          <li key={`${check.protocol}:${check.check}`} className={`patient-monitoring__item patient-monitoring__item--${check.status}`}>
            <span className="patient-monitoring__what">{dueText(check, today)}</span>
            <span className="patient-monitoring__why">
              {describeDueReason(check.reason, formatCalendarDate)}
              {check.everyDaysForPatient !== null ? (
                <>
                  {' '}
                  · {everyInWords(check.everyDaysForPatient)} for this patient: <bdi>{reasonOf(check)}</bdi>
                </>
              ) : null}
            </span>
            <button
              type="button"
              className="button button--link patient-monitoring__adjust"
              aria-label={`Adjust ${check.label} for this patient`}
              onClick={() =>
                setTarget({
                  protocol: check.protocol,
                  check: check.check,
                  label: check.label,
                  current: check.everyDaysForPatient,
                  setAside: false,
                })
              }
            >
              Adjust…
            </button>
          </li>
        ))}
        {setAside.map((adjustment) => (
          <SetAsideLine key={`${adjustment.protocol}:${adjustment.check}`} adjustment={adjustment} onAdjust={setTarget} />
        ))}
      </ul>
      {target ? <AdjustDialog patientId={patientId} target={target} onClose={() => setTarget(null)} /> : null}
    </section>
  );
}

function SetAsideLine({ adjustment, onAdjust }: { adjustment: AppliedAdjustment; onAdjust: (target: Target) => void }) {
  return (
    <li className="patient-monitoring__item patient-monitoring__item--off">
      <span className="patient-monitoring__what">{adjustment.label}: set aside for this patient</span>
      <span className="patient-monitoring__why">
        Since {formatInstantDate(adjustment.since)}: <bdi>{adjustment.reason}</bdi> ({protocolName(adjustment.protocol)})
      </span>
      <button
        type="button"
        className="button button--link patient-monitoring__adjust"
        aria-label={`Adjust ${adjustment.label} for this patient`}
        onClick={() =>
          onAdjust({ protocol: adjustment.protocol, check: adjustment.check, label: adjustment.label, current: null, setAside: true })
        }
      >
        Adjust…
      </button>
    </li>
  );
}

type Choice = 'protocol' | 'interval' | 'off';

function AdjustDialog({ patientId, target, onClose }: { patientId: string; target: Target; onClose: () => void }) {
  const adjust = useChannelMutation('monitoring:adjust');
  const [choice, setChoice] = useState<Choice>(target.setAside ? 'off' : target.current !== null ? 'interval' : 'protocol');
  const [amount, setAmount] = useState(target.current !== null ? String(Math.round(target.current / UNITS.months)) : '12');
  const [unit, setUnit] = useState<Unit>('months');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const name = useId();
  // The schedule the patient goes back to is the practice's version of the protocol.
  const practice = useChannelQuery('monitoring:protocols', {});
  const protocols = useMemo(() => practiceProtocols(practice.data?.changes ?? []), [practice.data]);
  const protocol = protocols.find((p) => p.id === target.protocol);
  const check = protocol?.checks.find((c) => c.id === target.check);

  async function save() {
    const change: MonitoringAdjustmentInput['change'] =
      choice === 'interval' ? { kind: 'interval', everyDays: Math.round(Number(amount) * UNITS[unit]) } : { kind: choice };
    const parsed = monitoringAdjustmentInputSchema.safeParse({ protocol: target.protocol, check: target.check, change, reason });
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[issue.path[0] === 'change' ? 'change' : String(issue.path[0])] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      await adjust.mutateAsync({ patientId, adjustment: parsed.data });
      onClose();
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <Modal
      open
      title={`${target.label}: this patient’s schedule`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => void save()} disabled={adjust.isPending}>
            Save
          </button>
        </>
      }
    >
      <form className="stack" aria-label="This patient’s schedule" onSubmit={(event) => (event.preventDefault(), void save())}>
        <fieldset className="choice-group patient-monitoring__choices">
          <legend className="field__label">How often</legend>
          <label className="checkbox">
            <input type="radio" name={name} checked={choice === 'protocol'} onChange={() => setChoice('protocol')} />
            <span>
              The protocol’s schedule
              {check && protocol ? (
                <span className="field__hint">
                  {' '}
                  ({check.offInPractice ? 'not asked for in this practice' : describeSchedule(check, protocol)})
                </span>
              ) : null}
            </span>
          </label>
          <label className="checkbox">
            <input type="radio" name={name} checked={choice === 'interval'} onChange={() => setChoice('interval')} />
            <span>Every</span>
          </label>
          {choice === 'interval' ? (
            <div className="patient-monitoring__interval">
              <input
                className="input input--short"
                type="number"
                min={1}
                aria-label="Interval"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
              />
              <select
                className="input input--short"
                aria-label="Interval unit"
                value={unit}
                onChange={(event) => setUnit(event.target.value as Unit)}
              >
                <option value="weeks">weeks</option>
                <option value="months">months</option>
              </select>
            </div>
          ) : null}
          <label className="checkbox">
            <input type="radio" name={name} checked={choice === 'off'} onChange={() => setChoice('off')} />
            <span>Not for this patient</span>
          </label>
          {errors.change ? <p className="field__error">{errors.change}</p> : null}
        </fieldset>
        <TextAreaField
          label="Why"
          hint="The chart keeps it with the change."
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setErrors(({ reason: _answered, ...rest }) => rest);
          }}
          error={errors.reason}
        />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
      </form>
    </Modal>
  );
}
