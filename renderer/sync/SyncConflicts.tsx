import { useState } from 'react';
import { Link } from 'react-router';
import type { SyncConflict } from '../../shared/channels/sync';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { whenSet } from './moments';

/**
 * Values that lost a concurrent edit, and changes this vault refused: each shown beside what is kept,
 * "changed on the laptop at 09:12 to …; keep or replace?". Nothing is lost until a person decides.
 */
export function SyncConflicts() {
  const conflicts = useChannelQuery('sync:conflicts', {});
  const resolve = useChannelMutation('sync:resolveConflict');
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function choose(conflict: SyncConflict, choice: 'keep' | 'replace') {
    setFailure(null);
    setDone(null);
    try {
      await resolve.mutateAsync({ id: conflict.id, choice });
      setDone(
        choice === 'keep'
          ? 'Kept as it is.'
          : `Replaced: ${conflict.field || 'the record'} is now “${conflict.other.value}” on every device.`,
      );
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  const list = conflicts.data ?? [];
  return (
    <section className="sync-section" id="sync-conflicts" tabIndex={-1} aria-labelledby="sync-conflicts-title">
      <h3 className="sync-section__title" id="sync-conflicts-title">
        Changes to look at
      </h3>
      {conflicts.error ? <Notice tone="error">{explain(conflicts.error)}</Notice> : null}
      {conflicts.data && list.length === 0 ? (
        <p className="muted">
          None. When two devices change the same thing at once, the value that lost is shown here to keep or put back.
        </p>
      ) : null}
      {list.length > 0 ? (
        <ul className="sync-list" aria-label="Changes to look at">
          {list.map((conflict) => (
            <li key={conflict.id} className="sync-list__item sync-conflict">
              <div className="sync-list__main">
                <span className="sync-conflict__title">
                  {conflict.patientId ? (
                    <Link to={`/patients/${conflict.patientId}`}>
                      <bdi>{conflict.record}</bdi>
                    </Link>
                  ) : (
                    <bdi>{conflict.record}</bdi>
                  )}
                  {conflict.field ? (
                    <>
                      {': '}
                      <bdi>{conflict.field}</bdi>
                    </>
                  ) : null}
                </span>
                {conflict.kind === 'concurrent-edit' ? <ConcurrentEdit conflict={conflict} /> : <Refused conflict={conflict} />}
              </div>
              <div className="sync-conflict__actions">
                {conflict.kind === 'concurrent-edit' ? (
                  <>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      disabled={resolve.isPending}
                      onClick={() => void choose(conflict, 'keep')}
                    >
                      Keep<span className="visually-hidden"> “{conflict.current.value}”</span>
                    </button>
                    {conflict.canReplace ? (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={resolve.isPending}
                        onClick={() => void choose(conflict, 'replace')}
                      >
                        Replace<span className="visually-hidden"> with “{conflict.other.value}”</span>
                      </button>
                    ) : null}
                  </>
                ) : (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={resolve.isPending}
                    onClick={() => void choose(conflict, 'keep')}
                  >
                    Set aside
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
    </section>
  );
}

function ConcurrentEdit({ conflict }: { conflict: SyncConflict }) {
  return (
    <>
      <span>
        Now “<bdi>{conflict.current.value}</bdi>”, set on <bdi>{conflict.current.device}</bdi> at {whenSet(conflict.current.at)}.
      </span>
      <span>
        Changed on <bdi>{conflict.other.device}</bdi> at {whenSet(conflict.other.at)} to “<bdi>{conflict.other.value}</bdi>”
        {conflict.canReplace ? '; keep or replace?' : '.'}
      </span>
      {conflict.canReplace ? null : (
        <span className="muted">
          {conflict.reason ? (
            <bdi>{conflict.reason}</bdi>
          ) : (
            'If that value is the right one, change it on the record’s own screen, then keep.'
          )}
        </span>
      )}
    </>
  );
}

function Refused({ conflict }: { conflict: SyncConflict }) {
  return (
    <>
      <span>
        A change made on <bdi>{conflict.other.device}</bdi> at {whenSet(conflict.other.at)} was not applied
        {conflict.reason ? (
          <>
            : <bdi>{conflict.reason}</bdi>
          </>
        ) : null}
      </span>
      <span className="muted">
        The change: <bdi>{conflict.other.value}</bdi>
      </span>
    </>
  );
}
