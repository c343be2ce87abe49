import { AUDIT_ACTION_LABELS, type AuditEntry, type AuditHistoryEntry } from '../../shared/audit';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { useChart } from './chartContext';
import { formatDayAndTime } from './format';

/** What kind of record an entry is about, in the clinic's words; a kind added later reads from its own name. */
function recordLabel(type: AuditEntry['recordType']): string {
  switch (type) {
    case 'patient':
      return 'Patient record';
    case 'appointment':
      return 'Session';
    case 'series':
      return 'Series of sessions';
    default: {
      const words = String(type).replace(/-/g, ' ');
      return `${words[0]?.toLocaleUpperCase() ?? ''}${words.slice(1)}`;
    }
  }
}

/**
 * The chart's own history from the audit log: who-did-what is always the clinician here, so it
 * says what and when. The log holds references only, never clinical text.
 */
export function HistoryTab() {
  const { patient } = useChart();
  const entries = useChannelQuery('audit:forPatient', { patientId: patient.id, limit: 200 });
  const verify = useChannelMutation('audit:verify');
  const result = verify.data;
  return (
    <section aria-labelledby="history-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="history-title">
          History
        </h2>
        <button type="button" className="button button--secondary" onClick={() => verify.mutate({})} disabled={verify.isPending}>
          {verify.isPending ? 'Checking…' : 'Check the audit log'}
        </button>
      </div>
      <p className="chart-section__lead">
        Every time this chart was opened, read or changed, newest first. The log records what and when, never what was written.
      </p>
      {verify.error ? <Notice tone="error">{explain(verify.error)}</Notice> : null}
      {result ? (
        result.firstBroken === null ? (
          <Notice tone="success">
            The audit log is intact: all {result.entries.toLocaleString()} entries follow one another unchanged
            {result.chains.length > 1 ? (
              <>
                {' '}
                in {result.chains.length} devices’ chains (
                {result.chains.map((chain, index) => (
                  <span key={chain.deviceId}>
                    {index > 0 ? ', ' : ''}
                    <bdi>{chain.device}</bdi> {chain.entries.toLocaleString()}
                  </span>
                ))}
                )
              </>
            ) : null}
            .
          </Notice>
        ) : (
          <Notice tone="error" title="The audit log has been altered">
            <ul className="audit-breaks">
              {result.chains.flatMap((chain) =>
                chain.firstBroken ? (
                  <li key={chain.deviceId}>
                    <bdi>{chain.device}</bdi>, {formatDayAndTime(chain.firstBroken.at)}: {chain.firstBroken.problem}
                  </li>
                ) : (
                  []
                ),
              )}
            </ul>
          </Notice>
        )
      ) : null}
      {entries.error ? <Notice tone="error">{explain(entries.error)}</Notice> : null}
      {entries.isPending ? (
        <p className="muted" role="status">
          Loading the history…
        </p>
      ) : null}
      {entries.data && entries.data.length === 0 ? <p className="muted">No entries yet.</p> : null}
      {entries.data && entries.data.length > 0 ? <HistoryTable entries={entries.data} /> : null}
      {entries.data && entries.data.length === 200 ? <p className="muted">The latest 200 entries are shown.</p> : null}
    </section>
  );
}

/** The entries, newest first; which device wrote each is shown once the chart has entries from more than one. */
function HistoryTable({ entries }: { entries: AuditHistoryEntry[] }) {
  const devices = new Set(entries.map((entry) => entry.deviceId)).size > 1;
  return (
    <div className="table-frame">
      <table className="table audit-table">
        <caption className="visually-hidden">The chart’s history, newest first</caption>
        <colgroup>
          <col className="audit-table__when" />
          <col className="audit-table__what" />
          <col className="audit-table__record" />
          {devices ? <col className="audit-table__device" /> : null}
        </colgroup>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Record</th>
            {devices ? <th scope="col">Device</th> : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={`${entry.deviceId}-${entry.seq}`}>
              <td>{formatDayAndTime(entry.at)}</td>
              <td>{AUDIT_ACTION_LABELS[entry.action]}</td>
              <td className="muted">{recordLabel(entry.recordType)}</td>
              {devices ? (
                <td className="muted">
                  <bdi>{entry.device}</bdi>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
