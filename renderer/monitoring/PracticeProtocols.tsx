import { useId, useMemo, useState } from 'react';
import {
  MONITORING_PROTOCOLS,
  PRACTICE_PROTOCOL_LIMITS,
  currentPracticeChanges,
  describeBand,
  describeSchedule,
  practiceProtocolChangeInputSchema,
  practiceProtocols,
  targetAnalyte,
  type MonitoringCheck,
  type MonitoringProtocol,
  type Phase,
  type PracticeProtocolChange,
  type PracticeProtocolChangeInput,
} from '../../shared/monitoring';
import { analyte, canonicalUnit } from '../../shared/results';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatInstantDate } from '../format/dates';

/**
 * The protocols the due dates come from, as this practice follows them: each check's schedule, the
 * practice's own beside the published one with both sources, each protocol edited for the practice in
 * a dialog, and every change the practice made, newest first.
 */
export function PracticeProtocols() {
  const protocols = useChannelQuery('monitoring:protocols', {});
  const [editing, setEditing] = useState<MonitoringProtocol | null>(null);
  const changes = useMemo(() => protocols.data?.changes ?? [], [protocols.data]);
  const current = useMemo(() => currentPracticeChanges(changes), [changes]);
  const followed = useMemo(() => practiceProtocols(changes), [changes]);

  return (
    <section className="monitoring__group" aria-labelledby="monitoring-protocols">
      <h2 className="monitoring__heading" id="monitoring-protocols">
        Protocols
      </h2>
      <p className="muted">
        A protocol applies while a medication it names is taken, from the day it was started in the medication history; a result recorded
        clears what was due and sets the next date. A practice may follow its own schedule or target for a check, with its source; a
        patient’s own adjustment still comes first.
      </p>
      {protocols.error ? <Notice tone="error">{explain(protocols.error)}</Notice> : null}
      {MONITORING_PROTOCOLS.map((published, index) => {
        const practice = followed[index] ?? published;
        const history = changes.filter((change) => change.protocol === published.id).toReversed();
        const changed = published.checks.some((check) => current.has(`${published.id}:${check.id}`));
        return (
          <details key={published.id} className="monitoring__protocol">
            <summary>
              {published.name}
              {changed ? <span className="monitoring__tag">Practice schedule</span> : null}
            </summary>
            <dl className="monitoring__schedule">
              {published.checks.map((check, at) => (
                <CheckSchedule
                  key={check.id}
                  protocol={published}
                  published={check}
                  practice={practice.checks[at] ?? check}
                  change={current.get(`${published.id}:${check.id}`)}
                />
              ))}
            </dl>
            <p className="monitoring__source">
              {changed ? 'Published source' : 'Source'}: {published.source}
            </p>
            <button
              type="button"
              className="button button--secondary"
              aria-label={`Edit ${published.name} for this practice`}
              disabled={!protocols.data}
              onClick={() => setEditing(published)}
            >
              Edit for this practice…
            </button>
            {history.length > 0 ? <History protocol={published} history={history} /> : null}
          </details>
        );
      })}
      {editing ? (
        <PracticeProtocolDialog
          protocol={editing}
          current={(checkId) => current.get(`${editing.id}:${checkId}`)}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

function publishedBand(check: MonitoringCheck): string {
  const code = targetAnalyte(check);
  const band = code ? analyte(code).band : undefined;
  return code && band ? `; target ${describeBand(code, band)}` : '';
}

function practiceBand(check: MonitoringCheck, change: PracticeProtocolChange): string {
  const code = targetAnalyte(check);
  return code && change.band ? `; target ${describeBand(code, change.band)}` : '';
}

/** "Practice schedule since 3 Mar 2026 (Trust policy MM-12): …", then the published schedule beneath it. */
function CheckSchedule({
  protocol,
  published,
  practice,
  change,
}: {
  protocol: MonitoringProtocol;
  published: MonitoringCheck;
  practice: MonitoringCheck;
  change: PracticeProtocolChange | undefined;
}) {
  const publishedText = `${describeSchedule(published, protocol)}${publishedBand(published)}`;
  return (
    <div>
      <dt>{published.label}</dt>
      <dd>
        {change ? (
          <>
            <span className="monitoring__practice">
              {change.kind === 'off' ? 'Not asked for in this practice' : 'Practice schedule'} since {formatInstantDate(change.at)} (
              <bdi>{change.source}</bdi>)
              {change.kind === 'schedule' ? `: ${describeSchedule(practice, protocol)}${practiceBand(published, change)}` : ''}
            </span>
            <span className="monitoring__published">Published: {publishedText}</span>
          </>
        ) : (
          publishedText
        )}
      </dd>
    </div>
  );
}

function changeInWords(protocol: MonitoringProtocol, change: PracticeProtocolChange): string {
  const check = protocol.checks.find((c) => c.id === change.check);
  if (!check) return change.check;
  if (change.kind === 'published') return `${check.label}: back to the published schedule`;
  if (change.kind === 'off') return `${check.label}: not asked for in this practice`;
  const followed = { ...check, schedule: { ...check.schedule, phases: change.phases ?? check.schedule.phases } };
  return `${check.label}: ${describeSchedule(followed, protocol)}${practiceBand(check, change)}`;
}

function History({ protocol, history }: { protocol: MonitoringProtocol; history: readonly PracticeProtocolChange[] }) {
  return (
    <section className="monitoring__history" aria-label={`${protocol.name}: changes for this practice`}>
      <h3 className="monitoring__subheading">Changes for this practice</h3>
      <ol className="monitoring__changes">
        {history.map((change) => (
          <li key={change.id}>
            <span className="monitoring__when">
              {formatInstantDate(change.at)}
              {change.by ? (
                <>
                  {' '}
                  · <bdi>{change.by}</bdi>
                </>
              ) : null}
            </span>{' '}
            {changeInWords(protocol, change)}. Why: <bdi>{change.reason}</bdi>
            {change.source ? (
              <>
                {' '}
                (<bdi>{change.source}</bdi>)
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

const UNITS = { days: 1, weeks: 7, months: 30.4 } as const;
type Unit = keyof typeof UNITS;
type Amount = { amount: string; unit: Unit };
type Step = { from: Amount; every: Amount };
type Choice = 'published' | 'schedule' | 'off';

/** Days as the dialog writes them: months where a whole number of months gives the days back, else weeks, else days. */
function amountOf(days: number): Amount {
  const months = Math.round(days / UNITS.months);
  if (days >= 84 && Math.round(months * UNITS.months) === days) return { amount: String(months), unit: 'months' };
  if (days % 7 === 0) return { amount: String(days / 7), unit: 'weeks' };
  return { amount: String(days), unit: 'days' };
}

function daysOf({ amount, unit }: Amount): number {
  const typed = Number(amount.trim().replace(',', '.'));
  return amount.trim() === '' ? Number.NaN : Math.round(typed * UNITS[unit]);
}

function stepsOf(phases: readonly Phase[]): Step[] {
  return phases.map((phase) => ({ from: amountOf(phase.fromDay), every: amountOf(phase.everyDays) }));
}

function typedBandEnd(text: string): number | null {
  return text.trim() === '' ? null : Number(text.trim().replace(',', '.'));
}

type Form = { choice: Choice; steps: Step[]; low: string; high: string };

function formFor(check: MonitoringCheck, change: PracticeProtocolChange | undefined): Form {
  const code = targetAnalyte(check);
  const band = change?.band ?? (code ? analyte(code).band : undefined);
  return {
    choice: change ? change.kind : 'published',
    steps: stepsOf(change?.phases ?? check.schedule.phases),
    low: band?.low === null || band?.low === undefined ? '' : String(band.low),
    high: band?.high === null || band?.high === undefined ? '' : String(band.high),
  };
}

function AmountInput({ value, onChange, label }: { value: Amount; onChange: (value: Amount) => void; label: string }) {
  return (
    <span className="practice-protocol__amount">
      <input
        className="input input--short"
        type="number"
        min={0}
        aria-label={label}
        value={value.amount}
        onChange={(event) => onChange({ ...value, amount: event.target.value })}
      />
      <select
        className="input input--short"
        aria-label={`${label}: unit`}
        value={value.unit}
        onChange={(event) => onChange({ ...value, unit: event.target.value as Unit })}
      >
        <option value="days">days</option>
        <option value="weeks">weeks</option>
        <option value="months">months</option>
      </select>
    </span>
  );
}

/** One check of a protocol, for the whole practice: its intervals and target, set aside, or back to the published. */
function PracticeProtocolDialog({
  protocol,
  current,
  onClose,
}: {
  protocol: MonitoringProtocol;
  current: (checkId: string) => PracticeProtocolChange | undefined;
  onClose: () => void;
}) {
  const save = useChannelMutation('monitoring:changeProtocol');
  const [checkId, setCheckId] = useState(protocol.checks[0]?.id ?? '');
  const check = protocol.checks.find((c) => c.id === checkId) ?? protocol.checks[0];
  const [form, setForm] = useState<Form | null>(() => (check ? formFor(check, current(check.id)) : null));
  const change = check ? current(check.id) : undefined;
  const [source, setSource] = useState(change?.source ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const radio = useId();
  const checkField = useId();
  if (!check || !form) return null;
  const code = targetAnalyte(check);
  const update = (next: Partial<Form>) => setForm({ ...form, ...next });
  const updateStep = (index: number, step: Step) => update({ steps: form.steps.map((s, i) => (i === index ? step : s)) });

  function chooseCheck(id: string) {
    const next = protocol.checks.find((c) => c.id === id);
    if (!next) return;
    setCheckId(id);
    setForm(formFor(next, current(id)));
    setSource(current(id)?.source ?? '');
    setErrors({});
  }

  async function submit() {
    if (!check || !form) return;
    const published = code ? analyte(code).band : undefined;
    const low = typedBandEnd(form.low);
    const high = typedBandEnd(form.high);
    // The published band typed back is no band of the practice's own.
    const band = code && !(published && published.low === low && published.high === high) ? { low, high } : null;
    const changeInput: PracticeProtocolChangeInput['change'] =
      form.choice === 'schedule'
        ? {
            kind: 'schedule',
            phases: form.steps.map((step, index) => ({ fromDay: index === 0 ? 0 : daysOf(step.from), everyDays: daysOf(step.every) })),
            band,
          }
        : { kind: form.choice };
    const parsed = practiceProtocolChangeInputSchema.safeParse({
      protocol: protocol.id,
      check: check.id,
      change: changeInput,
      reason,
      source: form.choice === 'published' ? '' : source,
    });
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const [first, part, index] = issue.path;
        const key =
          first !== 'change' ? String(first) : part === 'phases' && typeof index === 'number' ? `step${index}` : String(part ?? 'change');
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync({ change: parsed.data });
      onClose();
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <Modal
      open
      size="wide"
      title={`${protocol.name}: this practice’s schedule`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => void submit()} disabled={save.isPending}>
            Save
          </button>
        </>
      }
    >
      <form className="stack" aria-label="This practice’s schedule" onSubmit={(event) => (event.preventDefault(), void submit())}>
        {protocol.checks.length > 1 ? (
          <div className="field">
            <label className="field__label" htmlFor={checkField}>
              Check
            </label>
            <select id={checkField} className="input" value={check.id} onChange={(event) => chooseCheck(event.target.value)}>
              {protocol.checks.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <p className="practice-protocol__published">
          <strong>Published:</strong> {describeSchedule(check, protocol)}
          {publishedBand(check)}. <span className="muted">{protocol.source}</span>
        </p>
        <fieldset className="choice-group patient-monitoring__choices">
          <legend className="field__label">{check.label} in this practice</legend>
          <label className="checkbox">
            <input type="radio" name={radio} checked={form.choice === 'published'} onChange={() => update({ choice: 'published' })} />
            <span>The published schedule</span>
          </label>
          <label className="checkbox">
            <input type="radio" name={radio} checked={form.choice === 'schedule'} onChange={() => update({ choice: 'schedule' })} />
            <span>The practice’s own schedule</span>
          </label>
          {form.choice === 'schedule' ? (
            <div className="practice-protocol__steps">
              <ol className="practice-protocol__step-list">
                {form.steps.map((step, index) => (
                  <li key={index} className="practice-protocol__step">
                    {index === 0 ? (
                      <span>From the start,</span>
                    ) : (
                      <>
                        <span>From</span>
                        <AmountInput
                          label={`Step ${index + 1} starts`}
                          value={step.from}
                          onChange={(from) => updateStep(index, { ...step, from })}
                        />
                        <span>after starting,</span>
                      </>
                    )}
                    <span>every</span>
                    <AmountInput
                      label={`Step ${index + 1} interval`}
                      value={step.every}
                      onChange={(every) => updateStep(index, { ...step, every })}
                    />
                    {index > 0 ? (
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={`Remove step ${index + 1}`}
                        onClick={() => update({ steps: form.steps.filter((_, i) => i !== index) })}
                      >
                        Remove
                      </button>
                    ) : null}
                    {errors[`step${index}`] ? <p className="field__error">{errors[`step${index}`]}</p> : null}
                  </li>
                ))}
              </ol>
              {form.steps.length < PRACTICE_PROTOCOL_LIMITS.phases.max ? (
                <button
                  type="button"
                  className="button button--link"
                  onClick={() => {
                    const last = form.steps.at(-1);
                    update({
                      steps: [...form.steps, { from: { amount: '', unit: 'weeks' }, every: last?.every ?? { amount: '4', unit: 'weeks' } }],
                    });
                  }}
                >
                  Add a step
                </button>
              ) : null}
              {check.schedule.kind === 'level' ? (
                <p className="field__hint">
                  The steps apply once the levels are stable; after starting and each dose change a level is still asked for weekly until
                  then.
                </p>
              ) : null}
              {code ? (
                <div className="practice-protocol__band">
                  <span className="field__label">Target band ({canonicalUnit(code)})</span>
                  <span className="practice-protocol__amount">
                    <input
                      className="input input--short"
                      inputMode="decimal"
                      aria-label="Target from"
                      value={form.low}
                      onChange={(event) => update({ low: event.target.value })}
                    />
                    <span>to</span>
                    <input
                      className="input input--short"
                      inputMode="decimal"
                      aria-label="Target to"
                      value={form.high}
                      onChange={(event) => update({ high: event.target.value })}
                    />
                  </span>
                  {errors.band ? <p className="field__error">{errors.band}</p> : null}
                </div>
              ) : null}
              {errors.phases ? <p className="field__error">{errors.phases}</p> : null}
            </div>
          ) : null}
          <label className="checkbox">
            <input type="radio" name={radio} checked={form.choice === 'off'} onChange={() => update({ choice: 'off' })} />
            <span>Not asked for in this practice</span>
          </label>
          {errors.change ? <p className="field__error">{errors.change}</p> : null}
        </fieldset>
        {form.choice !== 'published' ? (
          <TextField
            label="The practice’s source"
            hint="The policy or guideline the practice follows, and its year: “Trust policy MM-12, 2025”."
            value={source}
            maxLength={PRACTICE_PROTOCOL_LIMITS.source.max}
            onChange={(event) => {
              setSource(event.target.value);
              setErrors(({ source: _answered, ...rest }) => rest);
            }}
            error={errors.source}
          />
        ) : null}
        <TextAreaField
          label="Why"
          hint="Kept with the change, in the protocol’s history."
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
