import { useId, useState, type FormEvent } from 'react';
import { localToday } from '../../shared/dates';
import { ALLERGY_KINDS, ALLERGY_SEVERITIES, allergyInputSchema, type Allergy } from '../../shared/medication';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { AllergyStatusLine, standingAllergies } from './AllergyStatusLine';
import { EnteredInErrorDialog } from './EnteredInErrorDialog';
import { formatDayAndTime } from './format';

type Field = 'substance' | 'kind' | 'reaction' | 'severity' | 'notedOn' | 'form';
type Problems = Partial<Record<Field, string>>;

function capitalised(text: string): string {
  return `${text[0]?.toLocaleUpperCase() ?? ''}${text.slice(1)}`;
}

/** Allergies and adverse reactions; or, recorded as such, none known. "Not recorded" is shown as not the same as none. */
export function AllergiesSection({ patientId }: { patientId: string }) {
  const status = useChannelQuery('allergies:get', { patientId });
  const noneKnown = useChannelMutation('allergies:noneKnown');
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const standing = status.data ? standingAllergies(status.data) : [];
  const inError = status.data ? status.data.allergies.filter((a) => a.enteredInError !== null) : [];

  async function recordNoneKnown() {
    setFailure(null);
    try {
      await noneKnown.mutateAsync({ patientId });
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <section className="chart-subsection allergies" id="allergies" aria-labelledby="allergies-title" tabIndex={-1}>
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="allergies-title">
          Allergies and adverse reactions
        </h2>
        {!adding ? (
          <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
            Add allergy or reaction
          </button>
        ) : null}
      </div>
      {status.error ? <Notice tone="error">{explain(status.error)}</Notice> : null}
      {status.data ? (
        <div className="allergies__status">
          <AllergyStatusLine allergies={status.data} />
          {standing.length === 0 && status.data.noKnownAllergiesAt ? (
            <span className="muted"> · recorded {formatDayAndTime(status.data.noKnownAllergiesAt)}</span>
          ) : null}
          {standing.length === 0 && status.data.noKnownAllergiesAt === null ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void recordNoneKnown()}
              disabled={noneKnown.isPending}
            >
              Record no known allergies
            </button>
          ) : null}
        </div>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {adding ? <AddAllergy patientId={patientId} onClose={() => setAdding(false)} /> : null}
      {standing.length > 0 ? (
        <ul className="record-list" aria-label="Allergies and adverse reactions">
          {standing.map((allergy) => (
            <AllergyRow key={allergy.id} allergy={allergy} />
          ))}
        </ul>
      ) : null}
      {inError.length > 0 ? (
        <ul className="history-list" aria-label="Allergies entered in error">
          {inError.map((allergy) => (
            <li key={allergy.id} className="history-list__item history-list__item--in-error">
              <span className="history-list__when">{allergy.enteredInError ? formatDayAndTime(allergy.enteredInError.at) : ''}</span>
              <span>
                <s>
                  <bdi>{allergy.substance}</bdi>
                </s>{' '}
                — entered in error: <bdi>{allergy.enteredInError?.reason}</bdi>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function AllergyRow({ allergy }: { allergy: Allergy }) {
  const [marking, setMarking] = useState(false);
  const mark = useChannelMutation('allergies:markEnteredInError');
  return (
    <li className="record-list__item record-list__item--allergy">
      <div className="record-list__main">
        <p className="record-list__title">
          <strong>
            <bdi>{allergy.substance}</bdi>
          </strong>{' '}
          <span className="badge badge--muted">{capitalised(allergy.kind)}</span>
          {allergy.severity !== 'unknown' ? (
            <span className={`badge badge--severity-${allergy.severity}`}>{capitalised(allergy.severity)}</span>
          ) : null}
        </p>
        <p className="record-list__note">
          <bdi>{allergy.reaction}</bdi>
        </p>
        <p className="record-list__meta">
          {allergy.notedOn ? `First noticed ${formatCalendarDate(allergy.notedOn)} · ` : ''}Recorded {formatDayAndTime(allergy.recordedAt)}
        </p>
      </div>
      <div className="record-list__actions">
        <button
          type="button"
          className="button button--link"
          onClick={() => setMarking(true)}
          aria-label={`Mark ${allergy.substance} entered in error`}
        >
          Entered in error…
        </button>
      </div>
      {marking ? (
        <EnteredInErrorDialog
          title="Mark this allergy as entered in error?"
          confirmLabel="Mark entered in error"
          onConfirm={(reason) => mark.mutateAsync({ id: allergy.id, reason })}
          onClose={() => setMarking(false)}
        >
          <p>
            <strong>
              <bdi>{allergy.substance}</bdi>
            </strong>{' '}
            leaves the allergy list. It stays in the chart’s history, struck through, with your reason.
          </p>
        </EnteredInErrorDialog>
      ) : null}
    </li>
  );
}

function AddAllergy({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const ids = useId();
  const add = useChannelMutation('allergies:add');
  const [substance, setSubstance] = useState('');
  const [kind, setKind] = useState<(typeof ALLERGY_KINDS)[number]>('allergy');
  const [reaction, setReaction] = useState('');
  const [severity, setSeverity] = useState<(typeof ALLERGY_SEVERITIES)[number]>('unknown');
  const [notedOn, setNotedOn] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const clear = (field: Field) => setProblems(({ [field]: _cleared, ...rest }) => rest);

  function place(issues: readonly { path: string; message: string }[]): Problems {
    const found: Problems = {};
    for (const issue of issues) {
      const key = issue.path.split('.').pop() ?? '';
      if (key === 'substance' || key === 'kind' || key === 'reaction' || key === 'severity' || key === 'notedOn')
        found[key] ??= issue.message;
      else found.form ??= issue.message;
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = allergyInputSchema.safeParse({ substance, kind, reaction, severity, notedOn });
    if (!parsed.success) {
      setProblems(place(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
      return;
    }
    setProblems({});
    try {
      await add.mutateAsync({ patientId, allergy: parsed.data });
      onClose();
    } catch (caught) {
      const error = asAppError(caught);
      setProblems(error.code === 'INVALID_INPUT' && error.issues?.length ? place(error.issues) : { form: explain(error) });
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h3 className="record-form__title" id={`${ids}-title`}>
        Add an allergy or adverse reaction
      </h3>
      <div className="record-form__row">
        <TextField
          label="Substance or medication"
          autoComplete="off"
          autoFocus
          value={substance}
          onChange={(e) => (setSubstance(e.target.value), clear('substance'))}
          error={problems.substance}
        />
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-kind`}>
            Kind
          </label>
          <select id={`${ids}-kind`} className="input input--select" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {ALLERGY_KINDS.map((option) => (
              <option key={option} value={option}>
                {capitalised(option)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TextField
        label="Reaction"
        hint="What happened, for example “rash and facial swelling”."
        autoComplete="off"
        value={reaction}
        onChange={(e) => (setReaction(e.target.value), clear('reaction'))}
        error={problems.reaction}
      />
      <div className="record-form__row">
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-severity`}>
            Severity
          </label>
          <select
            id={`${ids}-severity`}
            className="input input--select"
            value={severity}
            onChange={(e) => setSeverity(e.target.value as typeof severity)}
          >
            {ALLERGY_SEVERITIES.map((option) => (
              <option key={option} value={option}>
                {option === 'unknown' ? 'Not known' : capitalised(option)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="First noticed"
          optional
          type="date"
          min="1900-01-01"
          max={localToday()}
          className="input--date"
          value={notedOn}
          onChange={(e) => (setNotedOn(e.target.value), clear('notedOn'))}
          error={problems.notedOn}
        />
      </div>
      {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose} disabled={add.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
