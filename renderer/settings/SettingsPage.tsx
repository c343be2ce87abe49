import { Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { THEMES, type Preferences } from '../../shared/preferences';
import { BackupSettings } from '../backups';
import { FeeSchedule } from '../billing';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { ChoiceGroup } from './ChoiceGroup';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { PracticeExport } from '../exports';
import { LetterTemplates } from '../letters';
import { formatMoment } from '../format/dates';
import { applyTheme } from '../theme/theme';
import { BackupReading } from '../restore';
import { AddDevice, PracticeServerSettings } from '../sync';
import { NewPassphraseFields, useNewPassphrase } from '../vault';
import { CalendarPreferences } from './CalendarPreferences';
import { CrisisContactsPreferences } from './CrisisContactsPreferences';
import { FeedbackPreferences } from './FeedbackPreferences';
import { NoteTemplates } from './NoteTemplates';
import { NumberPreference } from './NumberPreference';
import { PlanReviewPreference } from './PlanReviewPreference';
import { PracticePreferences } from './PracticePreferences';
import { isSettingsSectionId, settingsRedirect, settingsSection, sharingNote, type SettingsSectionId } from './sections';
import { SettingsIndex } from './SettingsIndex';
import { StartViewPreference } from './StartViewPreference';
import './settings.css';

const THEME_LABELS: Record<Preferences['theme'], string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

const THEME_HINTS: Record<Preferences['theme'], string> = {
  system: 'Follows this computer’s setting',
  light: 'Dark text on a light background',
  dark: 'Light text on a dark background',
};

export function SettingsPage() {
  const { section } = useParams();
  const { hash } = useLocation();
  if (!isSettingsSectionId(section)) return <Navigate to={settingsRedirect(section, hash)} replace />;
  return <SettingsSectionPage id={section} />;
}

function SettingsSectionPage({ id }: { id: SettingsSectionId }) {
  const preferences = useChannelQuery('preferences:get', {});
  const note = sharingNote(settingsSection(id));
  const pane = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();

  // A section chosen from the index, the page scrolled down, starts at its top; an anchor lands where it points instead.
  useEffect(() => {
    const top = pane.current?.getBoundingClientRect().top;
    if (hash === '' && top !== undefined && top < 0) pane.current?.scrollIntoView({ block: 'start' });
  }, [id, hash]);

  return (
    <div className="page settings">
      <header className="page__header">
        <h1 className="page__title">Settings</h1>
      </header>
      <div className="settings__layout">
        <SettingsIndex current={id} />
        <div className="settings__pane" ref={pane}>
          {note ? <p className="settings__sharing">{note}</p> : null}
          {preferences.error ? <Notice tone="error">{explain(preferences.error)}</Notice> : null}
          <SectionContent id={id} preferences={preferences.data} />
        </div>
      </div>
    </div>
  );
}

/** What each section shows; those built on the preferences wait for them. */
function SectionContent({ id, preferences }: { id: SettingsSectionId; preferences: Preferences | undefined }) {
  switch (id) {
    case 'practice':
      return preferences ? (
        <>
          <PracticePreferences preferences={preferences} />
          <FeeSchedule currency={preferences.currency} />
        </>
      ) : null;
    case 'clinical':
      return preferences ? (
        <>
          <FeedbackPreferences preferences={preferences} />
          <PlanReviewPreference days={preferences.planReviewDays} />
          <CrisisContactsPreferences crisisContacts={preferences.crisisContacts} />
        </>
      ) : null;
    case 'calendar':
      return <CalendarPreferences />;
    case 'templates':
      return (
        <>
          <NoteTemplates />
          <LetterTemplates />
        </>
      );
    case 'security':
      return (
        <>
          <ChangePassphrase />
          {preferences ? <AutoLock minutes={preferences.autoLockMinutes} /> : null}
        </>
      );
    case 'backups':
      return (
        <>
          {preferences ? <BackupSettings preferences={preferences} /> : null}
          <BackupReading />
        </>
      );
    case 'devices':
      return (
        <Suspense fallback={null}>
          <PracticeServerSettings />
          <AddDevice />
        </Suspense>
      );
    case 'records':
      return (
        <>
          <section className="card">
            <h2 className="card__title">Import from another system</h2>
            <p className="card__text">
              Bring in your patients from a client list (CSV) and your booked sessions from a calendar file (.ics), with a preview of each
              before anything is imported.
            </p>
            <Link className="button button--secondary" to="/import">
              Import from another system
            </Link>
          </section>
          <PracticeExport />
        </>
      );
    case 'appearance':
      return preferences ? (
        <>
          <Appearance theme={preferences.theme} />
          <StartViewPreference startView={preferences.startView} />
        </>
      ) : null;
  }
}

function AutoLock({ minutes }: { minutes: number }) {
  return (
    <NumberPreference
      setting="autoLockMinutes"
      value={minutes}
      title="Automatic lock"
      text="Alliance locks itself when nobody has used it for a while, and always when the computer sleeps or the screen locks."
      label="Minutes without activity before locking"
      hint="From 1 to 120 minutes."
      min={1}
      max={120}
      empty="Enter a number of minutes from 1 to 120."
      saved={(saved) => `Saved. Alliance will lock after ${saved === 1 ? '1 minute' : `${saved} minutes`} without activity.`}
    />
  );
}

function Appearance({ theme }: { theme: Preferences['theme'] }) {
  const update = useChannelMutation('preferences:update');
  // Shown at once; the saved preference catches up when the main process answers.
  const [selected, setSelected] = useState(theme);
  useEffect(() => setSelected(theme), [theme]);

  async function choose(next: Preferences['theme']) {
    setSelected(next);
    applyTheme(next);
    try {
      await update.mutateAsync({ theme: next });
    } catch {
      // The error is shown below from the mutation's state; put the screen back as the preference is.
      setSelected(theme);
      applyTheme(theme);
    }
  }

  return (
    <section className="card">
      <h2 className="card__title">Appearance</h2>
      <ChoiceGroup
        legend="Theme"
        name="theme"
        options={THEMES}
        labels={THEME_LABELS}
        hints={THEME_HINTS}
        selected={selected}
        onChoose={(option) => void choose(option)}
      />
      {update.error ? <Notice tone="error">{explain(update.error)}</Notice> : null}
    </section>
  );
}

type PassphraseProblems = { current?: string; form?: string };

function ChangePassphrase() {
  const change = useChannelMutation('vault:changePassphrase');
  const [current, setCurrent] = useState('');
  const newPassphrase = useNewPassphrase({ whenEmpty: 'Choose a new passphrase.' });
  const [problems, setProblems] = useState<PassphraseProblems>({});
  const [changedAt, setChangedAt] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChangedAt(null);
    const found: PassphraseProblems = {};
    if (current === '') found.current = 'Enter your current passphrase.';
    setProblems(found);
    const passphraseAccepted = newPassphrase.check({ differentFrom: current });
    if (found.current || !passphraseAccepted) return;

    try {
      const result = await change.mutateAsync({ currentPassphrase: current, newPassphrase: newPassphrase.passphrase });
      setCurrent('');
      newPassphrase.clear();
      setChangedAt(result.changedAt);
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'WRONG_PASSPHRASE') setProblems({ current: explain(error) });
      else if (error.code === 'WEAK_PASSPHRASE') newPassphrase.refuse(error.message || explain(error));
      else setProblems({ form: explain(error) });
    }
  }

  return (
    <section className="card">
      <h2 className="card__title">Passphrase</h2>
      <p className="card__text">
        Changing the passphrase takes effect at once. Your records are not re-encrypted, and the recovery code on your recovery sheet keeps
        working.
      </p>
      <form className="stack" onSubmit={submit} noValidate>
        {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
        <TextField
          label="Current passphrase"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          value={current}
          onChange={(event) => {
            setCurrent(event.target.value);
            setProblems(({ current: _cleared, ...rest }) => rest);
          }}
          error={problems.current}
        />
        <NewPassphraseFields newPassphrase={newPassphrase} label="New passphrase" confirmLabel="Confirm new passphrase" />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change passphrase'}
          </button>
        </div>
        {changedAt ? (
          <Notice tone="success">Passphrase changed {formatMoment(changedAt)}. Use the new one the next time you unlock Alliance.</Notice>
        ) : null}
      </form>
    </section>
  );
}
