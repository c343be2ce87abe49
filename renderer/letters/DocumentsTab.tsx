import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { LETTER_KIND_LABELS, type LetterListItem } from '../../shared/letters';
import { useChannelQuery } from '../bridge/queries';
import { useChart } from '../chart';
import { Notice } from '../components/Notice';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatLongCalendarDate } from '../format/dates';
import { NewLetterDialog } from './NewLetterDialog';
import './letters.css';

/** The chart's Documents tab: the patient's letters, drafts and signed, newest first, with their recipients. */
export function DocumentsTab() {
  const { patient } = useChart();
  const letters = useChannelQuery('letters:list', { patientId: patient.id });
  const [writing, setWriting] = useState(false);
  const navigate = useNavigate();

  return (
    <section aria-labelledby="documents-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="documents-title">
          Documents
        </h2>
        <button type="button" className="button button--primary" onClick={() => setWriting(true)}>
          New letter
        </button>
      </div>
      {letters.error ? <Notice tone="error">{explain(letters.error)}</Notice> : null}
      {letters.isPending ? (
        <p className="muted" role="status">
          Loading letters…
        </p>
      ) : null}
      {letters.data && letters.data.length === 0 ? (
        <div className="empty-state empty-state--compact">
          <h3 className="empty-state__title">No letters yet</h3>
          <p className="empty-state__text">
            Write to the patient’s physician, a referrer or the patient. A letter begins from a template, pre-filled from the chart with
            what the recipient’s consent covers; it saves itself as you type, and is final once signed.
          </p>
        </div>
      ) : null}
      {letters.data && letters.data.length > 0 ? (
        <ol className="letter-list" aria-label="Letters, newest first">
          {letters.data.map((letter) => (
            <LetterListRow
              key={letter.id}
              letter={letter}
              patientId={patient.id}
              patientName={`${patient.givenName} ${patient.familyName}`}
            />
          ))}
        </ol>
      ) : null}
      {writing ? (
        <NewLetterDialog
          patient={patient}
          onClose={() => setWriting(false)}
          onCreated={(id) => {
            setWriting(false);
            void navigate(`/patients/${patient.id}/letters/${id}`);
          }}
        />
      ) : null}
    </section>
  );
}

function LetterListRow({ letter, patientId, patientName }: { letter: LetterListItem; patientId: string; patientName: string }) {
  return (
    <li className={`letter-list__item${letter.status === 'draft' ? ' letter-list__item--draft' : ''}`}>
      <div className="letter-list__line">
        <Link className="letter-list__link" to={`/patients/${patientId}/letters/${letter.id}`}>
          {LETTER_KIND_LABELS[letter.kind]}
        </Link>
        {letter.status === 'draft' ? (
          <span className="badge badge--warning">Draft</span>
        ) : (
          <span className="badge badge--signed">Signed</span>
        )}
        {letter.sentCount > 0 ? <span className="badge">Sent</span> : null}
      </div>
      <p className="letter-list__meta">
        {formatLongCalendarDate(letter.letterDate)} · To <UserText>{letter.recipient?.name ?? patientName}</UserText>
        {letter.recipient?.role ? (
          <>
            , <UserText>{letter.recipient.role}</UserText>
          </>
        ) : null}
        {letter.addendumCount > 0 ? ` · ${letter.addendumCount === 1 ? '1 addendum' : `${letter.addendumCount} addenda`}` : null}
      </p>
    </li>
  );
}
