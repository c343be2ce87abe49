import type { BackupProgress as Progress } from '../../shared/channels/backups';

const PHASE_LABELS: Record<Progress['phase'], string> = {
  copying: 'Copying the encrypted vault…',
  verifying: 'Verifying the backup…',
};

/** The running backup's bar: the copy's bytes written, then the reading back. Work goes on meanwhile. */
export function BackupProgress({ progress }: { progress: Progress | 'verified' }) {
  const percent = progress === 'verified' ? 100 : Math.round(progress.fraction * 100);
  const label = progress === 'verified' ? 'Backup written and verified' : PHASE_LABELS[progress.phase];
  return (
    <div className="backup-progress" role="status">
      <div className="backup-progress__label">
        <span>{label}</span>
        <span className="backup-progress__percent">{percent}%</span>
      </div>
      <progress className="backup-progress__bar" max={100} value={percent} aria-label="Backup progress" />
      {progress === 'verified' ? null : (
        <p className="backup-progress__hint">You can keep working, and lock Alliance: the backup finishes on its own.</p>
      )}
    </div>
  );
}
