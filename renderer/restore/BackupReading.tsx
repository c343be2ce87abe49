import { useId, useState, type FormEvent } from 'react';
import { ATTENDANCE_LABELS, KIND_LABELS, type AppointmentKind, type Attendance } from '../../shared/appointment';
import type { BackupExamination, BackupSecret, BackupSummary } from '../../shared/channels/restore';
import { NOTE_TEMPLATE_DEFINITIONS, type NoteTemplate } from '../../shared/note';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatMoment } from '../format/dates';

type Mode = 'drill' | 'restore';
type Opened = Extract<BackupExamination, { state: 'opened' }>;

const REASON_LABELS: Record<BackupSummary['reason'], string> = {
  manual: 'made by hand',
  scheduled: 'made on schedule',
  lock: 'made when Alliance locked',
  quit: 'made when Alliance quit',
};

function templateLabel(template: string): string {
  return template in NOTE_TEMPLATE_DEFINITIONS ? NOTE_TEMPLATE_DEFINITIONS[template as NoteTemplate].label : template;
}

function kindLabel(kind: string): string {
  return kind in KIND_LABELS ? KIND_LABELS[kind as AppointmentKind] : kind;
}

function attendanceLabel(attendance: string): string {
  return attendance in ATTENDANCE_LABELS ? ATTENDANCE_LABELS[attendance as Attendance] : attendance;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/**
 * Settings' backups area, for reading backups: the restore drill (open a backup read-only beside the
 * records, look at what it holds, close it) and the restore (the same look, then the vault replaced).
 */
export function BackupReading() {
  const choose = useChannelMutation('restore:chooseBackup');
  const [mode, setMode] = useState<Mode>('drill');
  const [examination, setExamination] = useState<BackupExamination | null>(null);
  const [secret, setSecret] = useState<BackupSecret | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  async function start(next: Mode) {
    setError(null);
    setMode(next);
    setSecret(undefined);
    try {
      const chosen = await choose.mutateAsync({});
      setExamination(chosen.state === 'cancelled' ? null : chosen);
    } catch (caught) {
      setExamination(null);
      setError(explain(asAppError(caught)));
    }
  }

  return (
    <section className="card" aria-labelledby="backup-reading-title">
      <h2 className="card__title" id="backup-reading-title">
        Check or restore a backup
      </h2>
      <p className="card__text">
        A restore drill opens a backup read-only beside your records and shows what it holds, so you know it would work. Nothing on this
        computer or in the backup is changed. A restore replaces the records on this computer with a backup; the records it replaces are
        kept, unchanged, in a dated folder inside the data folder.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {examination === null ? (
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={() => void start('drill')} disabled={choose.isPending}>
            {choose.isPending && mode === 'drill' ? 'Checking the backup…' : 'Check a backup…'}
          </button>
          <button type="button" className="button button--secondary" onClick={() => void start('restore')} disabled={choose.isPending}>
            {choose.isPending && mode === 'restore' ? 'Checking the backup…' : 'Restore from a backup…'}
          </button>
        </div>
      ) : examination.state === 'needs-key' ? (
        <BackupKeyForm
          backup={examination.backup}
          ticket={examination.ticket}
          onOpened={(opened, given) => {
            setSecret(given);
            setExamination(opened);
          }}
          onClose={() => setExamination(null)}
        />
      ) : (
        <OpenedBackup mode={mode} opened={examination} secret={secret} onClose={() => setExamination(null)} />
      )}
    </section>
  );
}

function BackupHeading({ backup }: { backup: BackupSummary }) {
  return (
    <p className="backup-reading__heading">
      Backup of <strong>{formatMoment(backup.createdAt)}</strong>, {REASON_LABELS[backup.reason]} by Alliance {backup.appVersion}{' '}
      <span className="backup-reading__folder">
        (<bdi>{backup.folderName}</bdi>)
      </span>
    </p>
  );
}

function BackupKeyForm({
  backup,
  ticket,
  onOpened,
  onClose,
}: {
  backup: BackupSummary;
  ticket: string;
  onOpened: (opened: BackupExamination, secret: BackupSecret) => void;
  onClose: () => void;
}) {
  const open = useChannelMutation('restore:openBackup');
  const closeBackup = useChannelMutation('restore:closeBackup');
  const [kind, setKind] = useState<BackupSecret['kind']>('passphrase');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const name = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (value.trim() === '') {
      setError(kind === 'passphrase' ? 'Enter the passphrase of that vault.' : 'Enter the recovery code of that vault.');
      return;
    }
    const secret: BackupSecret = kind === 'passphrase' ? { kind, passphrase: value } : { kind, recoveryCode: value };
    try {
      const opened = await open.mutateAsync({ ticket, secret });
      setValue('');
      onOpened(opened, secret);
    } catch (caught) {
      const failure = asAppError(caught);
      // Their own words say it is this backup that the secret does not open, not the vault.
      setError(failure.code === 'WRONG_PASSPHRASE' || failure.code === 'WRONG_RECOVERY_CODE' ? failure.message : explain(failure));
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <BackupHeading backup={backup} />
      <Notice tone="info">
        This backup’s manifest and files are whole, but it was not made from the vault open now. It opens with the passphrase it was made
        under, or with its recovery code.
      </Notice>
      <fieldset className="choice-group">
        <legend className="field__label">Open it with</legend>
        <div className="choice-group__options">
          {(['passphrase', 'recovery'] as const).map((option) => (
            <label key={option} className="choice">
              <input
                type="radio"
                name={name}
                checked={kind === option}
                onChange={() => {
                  setKind(option);
                  setValue('');
                  setError(undefined);
                }}
              />
              <span className="choice__text">
                <span className="choice__label">{option === 'passphrase' ? 'Its passphrase' : 'Its recovery code'}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label={kind === 'passphrase' ? 'Passphrase of the backed-up vault' : 'Recovery code of the backed-up vault'}
        type={kind === 'passphrase' ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setError(undefined);
        }}
        error={error}
      />
      <div className="form-actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            void closeBackup.mutateAsync({ ticket }).finally(onClose);
          }}
        >
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={open.isPending}>
          {open.isPending ? 'Opening…' : 'Open backup'}
        </button>
      </div>
    </form>
  );
}

function OpenedBackup({
  mode,
  opened,
  secret,
  onClose,
}: {
  mode: Mode;
  opened: Opened;
  secret: BackupSecret | undefined;
  onClose: () => void;
}) {
  const closeBackup = useChannelMutation('restore:closeBackup');
  const restore = useChannelMutation('restore:restore');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { backup, contents } = opened;
  const mismatched = contents.counts.filter((count) => count.found !== count.recorded);
  const rows = contents.counts.reduce((sum, count) => sum + (count.found ?? 0), 0);
  const newestNote = contents.notes[0];

  async function close() {
    try {
      await closeBackup.mutateAsync({ ticket: opened.ticket });
    } finally {
      onClose();
    }
  }

  async function confirmRestore() {
    setError(null);
    try {
      // The vault locks as this answers: the window goes to the unlock screen for the restored vault.
      await restore.mutateAsync(secret ? { ticket: opened.ticket, secret } : { ticket: opened.ticket });
    } catch (caught) {
      setConfirming(false);
      setError(explain(asAppError(caught)));
    }
  }

  return (
    <div className="stack backup-reading" aria-live="polite">
      <BackupHeading backup={backup} />
      {error ? <Notice tone="error">{error}</Notice> : null}
      {contents.countsMatch ? (
        <Notice tone="success">
          The backup opened with {contents.ofThisVault ? 'this vault’s key' : 'its own key'}. Its{' '}
          {plural(contents.counts.length, 'table', 'tables')} hold the {plural(rows, 'row', 'rows')} its manifest records.
        </Notice>
      ) : (
        <Notice tone="warning">
          The backup opened, but {plural(mismatched.length, 'table does', 'tables do')} not hold the rows its manifest records:{' '}
          {mismatched.map((count) => count.table).join(', ')}.
        </Notice>
      )}
      <details className="backup-reading__counts">
        <summary>Rows in each table</summary>
        <div className="table-frame">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col" className="table__num">
                  In the manifest
                </th>
                <th scope="col" className="table__num">
                  In the backup
                </th>
              </tr>
            </thead>
            <tbody>
              {contents.counts.map((count) => (
                <tr key={count.table}>
                  <th scope="row">{count.table}</th>
                  <td className="table__num">{count.recorded.toLocaleString()}</td>
                  <td className="table__num">{count.found === null ? 'missing' : count.found.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <h3 className="backup-reading__subtitle">Latest notes in the backup</h3>
      {contents.notes.length === 0 ? (
        <p className="card__text">The backup holds no notes.</p>
      ) : (
        <ul className="backup-reading__list" aria-label="Latest notes in the backup">
          {contents.notes.map((note, index) => (
            <li key={index}>
              {formatCalendarDate(note.serviceDate)} · <bdi>{note.patientName}</bdi> · {templateLabel(note.template)}
              {note.signed ? '' : ' (draft)'}
            </li>
          ))}
        </ul>
      )}
      <h3 className="backup-reading__subtitle">Latest sessions in the backup</h3>
      {contents.sessions.length === 0 ? (
        <p className="card__text">The backup holds no sessions up to when it was made.</p>
      ) : (
        <ul className="backup-reading__list" aria-label="Latest sessions in the backup">
          {contents.sessions.map((session, index) => (
            <li key={index}>
              {formatMoment(session.startUtc)} · <bdi>{session.patientName}</bdi> · {kindLabel(session.kind)} ·{' '}
              {attendanceLabel(session.attendance)}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button
          type="button"
          className={mode === 'drill' ? 'button button--primary' : 'button button--secondary'}
          onClick={() => void close()}
          disabled={restore.isPending}
        >
          {mode === 'drill' ? 'Close backup' : 'Cancel'}
        </button>
        <button
          type="button"
          className={mode === 'restore' ? 'button button--danger' : 'button button--secondary'}
          onClick={() => setConfirming(true)}
          disabled={restore.isPending}
        >
          Restore this backup…
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Replace your records with this backup?"
        confirmLabel={restore.isPending ? 'Restoring…' : 'Restore'}
        tone="danger"
        busy={restore.isPending}
        onConfirm={() => void confirmRestore()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The records on this computer will be replaced by the backup of {formatMoment(backup.createdAt)}
          {newestNote ? (
            <>
              , whose newest note is of {formatCalendarDate(newestNote.serviceDate)} (<bdi>{newestNote.patientName}</bdi>)
            </>
          ) : null}
          . Anything written since then will not be in the restored records.
        </p>
        <p>
          Your current records are not deleted: Alliance moves them, unchanged, to a new dated folder in{' '}
          <bdi className="backup-reading__path">{opened.setAsideIn}</bdi> (named <code>…-replaced-by-restore</code>), where they stay until
          you remove them.
        </p>
        <p>
          Alliance then locks. Unlock with the passphrase{' '}
          {contents.ofThisVault ? 'this vault had when the backup was made' : 'of the backed-up vault'}, or with its recovery code.
        </p>
      </ConfirmDialog>
    </div>
  );
}
