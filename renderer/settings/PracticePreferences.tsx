import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PLACE_OF_SERVICE_LABELS, PLACES_OF_SERVICE } from '../../shared/billing';
import { preferencesUpdateSchema, signatureName, type Preferences } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

type Draft = Pick<
  Preferences,
  | 'clinicianName'
  | 'clinicianCredentials'
  | 'practiceName'
  | 'practiceAddress'
  | 'practicePhone'
  | 'practiceNpi'
  | 'practiceTaxId'
  | 'practiceLicence'
  | 'practiceLicenceState'
  | 'placeOfService'
  | 'currency'
>;
type Field = keyof Draft;

function draftOf(p: Preferences): Draft {
  return {
    clinicianName: p.clinicianName,
    clinicianCredentials: p.clinicianCredentials,
    practiceName: p.practiceName,
    practiceAddress: p.practiceAddress,
    practicePhone: p.practicePhone,
    practiceNpi: p.practiceNpi,
    practiceTaxId: p.practiceTaxId,
    practiceLicence: p.practiceLicence,
    practiceLicenceState: p.practiceLicenceState,
    placeOfService: p.placeOfService,
    currency: p.currency,
  };
}

/** Who signs the notes, and the letterhead printed notes carry: the practice's details, never a patient's. */
export function PracticePreferences({ preferences }: { preferences: Preferences }) {
  const ids = useId();
  const update = useChannelMutation('preferences:update');
  const [draft, setDraft] = useState<Draft>(() => draftOf(preferences));
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // Preferences are refetched whenever any of them changes (the last view, say); a field the person
  // has begun to type in keeps what they typed, the others follow the saved values.
  const stored = useRef(draftOf(preferences));
  useEffect(() => {
    const before = stored.current;
    const after = draftOf(preferences);
    stored.current = after;
    setDraft((current) => {
      const next = { ...current };
      for (const field of Object.keys(after) as Field[])
        if (current[field] === before[field]) Object.assign(next, { [field]: after[field] });
      return next;
    });
  }, [preferences]);

  function change(field: Field, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    setProblems(({ [field]: _cleared, ...rest }) => rest);
    setSaved(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    const parsed = preferencesUpdateSchema.safeParse(draft);
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (typeof key === 'string' && key in draft) found[key as Field] ??= issue.message;
      }
      setProblems(found);
      return;
    }
    setProblems({});
    try {
      await update.mutateAsync(parsed.data);
      setSaved(true);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  const signature = signatureName(draft);

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 className="card__title" id={`${ids}-title`}>
        Clinician and practice
      </h2>
      <p className="card__text">Your name signs notes; the practice’s details head printed notes. They hold nothing about patients.</p>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="form__row">
          <TextField
            label="Your name"
            hint="As you sign, for example Dr Ana Reyes."
            autoComplete="name"
            value={draft.clinicianName}
            onChange={(e) => change('clinicianName', e.target.value)}
            error={problems.clinicianName}
          />
          <TextField
            label="Credentials"
            optional
            hint="For example MD, FRCPC."
            autoComplete="off"
            value={draft.clinicianCredentials}
            onChange={(e) => change('clinicianCredentials', e.target.value)}
            error={problems.clinicianCredentials}
          />
        </div>
        <p className="field__hint">
          {signature ? (
            <>
              Notes will be signed “<bdi>{signature}</bdi>”.
            </>
          ) : (
            'Until your name is set, you type it each time you sign.'
          )}
        </p>
        <TextField
          label="Practice name"
          optional
          autoComplete="organization"
          value={draft.practiceName}
          onChange={(e) => change('practiceName', e.target.value)}
          error={problems.practiceName}
        />
        <TextAreaField
          label="Practice address"
          optional
          rows={3}
          autoComplete="street-address"
          value={draft.practiceAddress}
          onChange={(e) => change('practiceAddress', e.target.value)}
          error={problems.practiceAddress}
        />
        <TextField
          label="Practice phone"
          optional
          type="tel"
          autoComplete="tel"
          className="input--phone"
          value={draft.practicePhone}
          onChange={(e) => change('practicePhone', e.target.value)}
          error={problems.practicePhone}
        />
        <fieldset className="practice-billing">
          <legend className="field__label">On superbills</legend>
          <p className="field__hint">
            The identifiers an insurer reads on the superbill a patient sends them, and the currency of your fees.
          </p>
          <div className="form__row">
            <TextField
              label="NPI"
              optional
              hint="10 digits, from NPPES."
              inputMode="numeric"
              autoComplete="off"
              value={draft.practiceNpi}
              onChange={(e) => change('practiceNpi', e.target.value)}
              error={problems.practiceNpi}
            />
            <TextField
              label="Tax ID (EIN)"
              optional
              hint="NN-NNNNNNN"
              autoComplete="off"
              value={draft.practiceTaxId}
              onChange={(e) => change('practiceTaxId', e.target.value)}
              error={problems.practiceTaxId}
            />
          </div>
          <div className="form__row">
            <TextField
              label="Licence number"
              optional
              autoComplete="off"
              value={draft.practiceLicence}
              onChange={(e) => change('practiceLicence', e.target.value)}
              error={problems.practiceLicence}
            />
            <TextField
              label="Licence state"
              optional
              autoComplete="off"
              value={draft.practiceLicenceState}
              onChange={(e) => change('practiceLicenceState', e.target.value)}
              error={problems.practiceLicenceState}
            />
          </div>
          <div className="form__row">
            <div className="field">
              <label className="field__label" htmlFor={`${ids}-place`}>
                Place of service
              </label>
              <select
                id={`${ids}-place`}
                className="input input--select"
                value={draft.placeOfService}
                onChange={(e) => change('placeOfService', e.target.value)}
              >
                {PLACES_OF_SERVICE.map((place) => (
                  <option key={place} value={place}>
                    {place} · {PLACE_OF_SERVICE_LABELS[place]}
                  </option>
                ))}
              </select>
            </div>
            <TextField
              label="Currency"
              hint="ISO 4217, for example USD."
              autoComplete="off"
              className="input--short"
              value={draft.currency}
              onChange={(e) => change('currency', e.target.value)}
              error={problems.currency}
            />
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={update.isPending}>
            Save clinician and practice
          </button>
        </div>
        {saved ? <Notice tone="success">Saved. New signatures and printed notes use these details.</Notice> : null}
        {failure ? <Notice tone="error">{failure}</Notice> : null}
      </form>
    </section>
  );
}
