import { useState } from 'react';
import { Link } from 'react-router';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { explain } from '../errors/explain';
import { BackupProgress } from './BackupProgress';
import { daysSince, useBackupStatus } from './useBackupStatus';
import './backups.css';

function dayCount(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * The app shell's reminder: calm when no backup has been verified for the reminder's days, and not
 * to be missed after 30, or when these records were never backed up. It backs up from where it is.
 */
export function BackupReminder() {
  const status = useBackupStatus();
  const backUp = useChannelMutation('backups:backUpNow');
  const [failure, setFailure] = useState<string | null>(null);
  const current = status.data;
  if (!current || current.reminder === 'none') return null;
  if (current.running) {
    return (
      <div className="backup-reminder backup-reminder--calm">
        <BackupProgress progress={current.running} />
      </div>
    );
  }

  const urgent = current.reminder === 'urgent';
  const last = current.lastVerified;
  const message = last
    ? `No backup has been verified for ${dayCount(daysSince(last.createdAt, Date.now()))}.`
    : 'These records have never been backed up.';
  const advice = urgent
    ? 'If this laptop is lost, stolen or breaks, every record in it is lost with it.'
    : 'A backup on another disk keeps the records safe if this laptop is lost or breaks.';

  async function backUpNow() {
    setFailure(null);
    try {
      await backUp.mutateAsync({});
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <div
      className={`backup-reminder backup-reminder--${urgent ? 'urgent' : 'calm'}`}
      role={urgent ? 'alert' : 'status'}
      aria-label="Backup reminder"
    >
      <div className="backup-reminder__text">
        <p className="backup-reminder__title">{message}</p>
        <p>
          {advice}
          {current.lastFailure ? ` The last attempt failed: ${current.lastFailure.message}` : ''}
        </p>
        {failure ? <p>{failure}</p> : null}
      </div>
      <div className="backup-reminder__actions">
        {current.folder ? (
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => void backUpNow()}
            disabled={backUp.isPending}
          >
            Back up now
          </button>
        ) : (
          <Link className="button button--primary button--small" to="/settings/backups">
            Choose a backup folder
          </Link>
        )}
      </div>
    </div>
  );
}
