import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BackupStatus } from '../../shared/channels/backups';
import type { Preferences } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { queryKey, useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatMoment } from '../format/dates';
import { BackupProgress } from './BackupProgress';
import { BackupSchedule } from './BackupSchedule';
import { useBackupStatus } from './useBackupStatus';
import './backups.css';

const REASON_WORDS: Record<NonNullable<BackupStatus['lastVerified']>['reason'], string> = {
  manual: 'made by hand',
  scheduled: 'made on schedule',
  lock: 'made when Alliance locked',
  quit: 'made when Alliance quit',
};

/**
 * Settings' backups: the folder they go to (chosen in the system's folder dialog), Back up now with
 * its progress, the last verified backup (where and when), and the schedule, reminder and retention.
 */
export function BackupSettings({ preferences }: { preferences: Preferences }) {
  const status = useBackupStatus();
  const choose = useChannelMutation('backups:chooseFolder');
  const backUp = useChannelMutation('backups:backUpNow');
  const client = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);

  async function chooseFolder() {
    setFailure(null);
    try {
      await choose.mutateAsync({});
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  async function backUpNow() {
    setFailure(null);
    try {
      // Shown at once: the bar appears as the backup starts, not at the next poll.
      client.setQueryData(queryKey('backups:status', {}), await backUp.mutateAsync({}));
    } catch (caught) {
      const error = asAppError(caught);
      setFailure(error.code === 'INVALID_INPUT' ? error.message : explain(error));
    }
  }

  const current = status.data;
  const running = current?.running ?? null;
  // The bar stays, full, once a backup this page watched is verified, until the next one starts.
  const verifiedAt = current?.lastVerified?.createdAt ?? null;
  const [watched, setWatched] = useState<{ startedAt: string; verifiedBefore: string | null } | null>(null);
  if (running && watched?.startedAt !== running.startedAt) setWatched({ startedAt: running.startedAt, verifiedBefore: verifiedAt });
  const justVerified = watched !== null && !running && verifiedAt !== null && verifiedAt !== watched.verifiedBefore;

  return (
    <section className="card" id="backups" aria-labelledby="backups-title">
      <h2 className="card__title" id="backups-title">
        Backups
      </h2>
      <p className="card__text">
        A backup is a folder holding the vault’s encrypted database, its key file and a manifest. It opens with your passphrase or your
        recovery code, and with nothing else. Choose a folder on another disk, such as an external drive or a network share: a backup on
        this laptop is lost with it.
      </p>
      {status.error ? <Notice tone="error">{explain(status.error)}</Notice> : null}
      {current ? (
        <div className="stack">
          <dl className="backup-facts">
            <dt>Backup folder</dt>
            <dd>
              {current.folder ? <bdi className="backup-facts__path">{current.folder}</bdi> : <span className="muted">None chosen yet</span>}
            </dd>
            <dt>Last verified backup</dt>
            <dd data-testid="last-verified-backup">
              {current.lastVerified ? (
                <>
                  <span>
                    {formatMoment(current.lastVerified.createdAt)}, {REASON_WORDS[current.lastVerified.reason]}
                  </span>
                  <bdi className="backup-facts__path">{current.lastVerified.folder}</bdi>
                  {current.lastVerified.reachable ? null : <span className="muted">Not reachable now: its disk may be unplugged.</span>}
                </>
              ) : (
                <span className="muted">None yet</span>
              )}
            </dd>
          </dl>
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={() => void chooseFolder()} disabled={choose.isPending}>
              {current.folder ? 'Choose another folder…' : 'Choose a backup folder…'}
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void backUpNow()}
              disabled={!current.folder || running !== null || backUp.isPending}
            >
              Back up now
            </button>
          </div>
          {running ? <BackupProgress progress={running} /> : justVerified ? <BackupProgress progress="verified" /> : null}
          {current.lastFailure && !running ? (
            <Notice tone="error" title={`The backup of ${formatMoment(current.lastFailure.at)} failed`}>
              {current.lastFailure.message}
            </Notice>
          ) : null}
          {failure ? <Notice tone="error">{failure}</Notice> : null}
        </div>
      ) : null}
      <BackupSchedule preferences={preferences} />
    </section>
  );
}
