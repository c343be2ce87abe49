import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { NoteSummary } from '../../shared/note';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatTimeRange } from '../format/times';
import { useChart } from './chartContext';
import { formatDayAndTime, formatWeekdayDate } from './format';
import { ForkedFrom } from './ForkedFrom';
import { notesQueryOptions } from './notesQuery';

/** The patient's notes, newest first, twenty at a time, with "More notes" for the next twenty. */
export function NotesTab() {
  const { patient, openNewNote } = useChart();
  const notes = useInfiniteQuery(notesQueryOptions(patient.id));

  const all = notes.data?.pages.flatMap((page) => page.notes) ?? [];

  return (
    <section aria-labelledby="notes-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="notes-title">
          Notes
        </h2>
      </div>
      {notes.error ? <Notice tone="error">{explain(notes.error)}</Notice> : null}
      {notes.isPending ? (
        <p className="muted" role="status">
          Loading notes…
        </p>
      ) : null}
      {notes.data && all.length === 0 ? (
        <div className="empty-state empty-state--compact">
          <h3 className="empty-state__title">No notes yet</h3>
          <p className="empty-state__text">Start a note from a template. It saves itself as you type; sign it when it is complete.</p>
          <button type="button" className="button button--primary" onClick={openNewNote}>
            Write the first note
          </button>
        </div>
      ) : null}
      {all.length > 0 ? (
        <ol className="note-list" aria-label="Notes, newest first">
          {all.map((note) => (
            <NoteListItem key={note.id} note={note} />
          ))}
        </ol>
      ) : null}
      {notes.hasNextPage ? (
        <div className="note-list__more">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void notes.fetchNextPage()}
            disabled={notes.isFetchingNextPage}
          >
            {notes.isFetchingNextPage ? 'Loading…' : 'More notes'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function NoteListItem({ note }: { note: NoteSummary }) {
  const template = note.templateName;
  return (
    <li className={`note-list__item${note.status === 'draft' ? ' note-list__item--draft' : ''}`}>
      <div className="note-list__line">
        <Link className="note-list__link" to={`/patients/${note.patientId}/notes/${note.id}`}>
          {formatWeekdayDate(note.serviceDate)} · <bdi>{template}</bdi>
        </Link>
        {note.status === 'draft' ? (
          <span className="badge badge--warning">Draft</span>
        ) : (
          <span className="badge badge--signed">Signed</span>
        )}
      </div>
      <p className="note-list__meta">
        {note.session ? `Session ${formatTimeRange(new Date(note.session.start), new Date(note.session.end))}` : 'No session'}
        {' · '}
        {note.status === 'signed' && note.signedAt ? (
          <>
            Signed by <bdi>{note.signedBy ?? 'unknown'}</bdi>, {formatDayAndTime(note.signedAt)}
          </>
        ) : (
          `Last saved ${formatDayAndTime(note.updatedAt)}`
        )}
        {note.addendumCount > 0 ? ` · ${note.addendumCount === 1 ? '1 addendum' : `${note.addendumCount} addenda`}` : ''}
      </p>
      {note.forkedFrom ? <ForkedFrom patientId={note.patientId} forkedFrom={note.forkedFrom} /> : null}
      {note.preview ? (
        <p className="note-list__preview">
          <bdi>{note.preview}</bdi>
        </p>
      ) : (
        <p className="note-list__preview muted">Nothing written yet.</p>
      )}
    </li>
  );
}
