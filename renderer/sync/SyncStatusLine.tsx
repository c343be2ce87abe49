import { Link } from 'react-router';
import { statusWords } from './status-text';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

/** The shell's quiet word on replication: nothing when not connected, a link when changes wait for a person. */
export function SyncStatusLine({ wide = false }: { wide?: boolean }) {
  const status = useSyncStatus();
  const words = status.data ? statusWords(status.data) : null;
  if (!words) return null;
  return (
    <div className={`sync-status-line${wide ? ' sync-status-line--wide' : ''}`}>
      <div className={`sync-status sync-status--${words.tone}`} role="status" aria-label="Practice server">
        <Link to="/settings/devices#practice-server" className="sync-status__text">
          {words.text}
        </Link>
        {words.conflicts ? (
          <Link to="/settings/devices#sync-conflicts" className="sync-status__conflicts">
            {words.conflicts}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
