import { useParams } from 'react-router';
import { KIND_LABELS } from '../../shared/appointment';
import type { Note } from '../../shared/note';
import type { Patient } from '../../shared/patient';
import type { Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { DisclosureStep, useDisclosure } from '../consents';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { PrintedAddendum } from '../components/PrintedAddendum';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatLongCalendarDate } from '../format/dates';
import { formatLongDay, formatTimeRange } from '../format/times';
import { formatDayAndTime } from './format';
import { useOpenNote } from './NotePage';
import { NoteText } from './NoteText';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
const SUGGESTED_FILE_NAME = 'Alliance note';

/**
 * A signed note as a clean document at #/print/note/:id: the practice's letterhead, who the patient
 * is, the note, the signature and the addenda, marked confidential. The print stylesheet prints
 * the document alone.
 */
export function PrintNotePage() {
  const { id = '' } = useParams();
  const note = useOpenNote(id);
  const patient = useChannelQuery('patients:get', { id: note.data?.patientId ?? '' }, { enabled: note.data !== undefined });
  const preferences = useChannelQuery('preferences:get', {});
  const error = note.error ?? patient.error ?? preferences.error;

  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This note could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!note.data || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the note for printing…
      </p>
    );
  }
  if (note.data.status !== 'signed') {
    return (
      <div className="page page--narrow">
        <BackLink to={`/patients/${note.data.patientId}/notes/${note.data.id}`}>Back to the note</BackLink>
        <Notice tone="info">Only a signed note can be printed. Sign the note first; a draft may still change.</Notice>
      </div>
    );
  }
  return <PrintableNote note={note.data} patient={patient.data} preferences={preferences.data} />;
}

/** What a printed note discloses: the note, whose text may name anything else of the record. */
const NOTE_PARTS = ['notes'] as const;

function PrintableNote({ note, patient, preferences }: { note: Note; patient: Patient; preferences: Preferences }) {
  const disclosure = useDisclosure({ patientId: patient.id, parts: NOTE_PARTS, itemId: note.id });
  const printing = usePrintWindow({
    fileName: SUGGESTED_FILE_NAME,
    what: 'The note',
    recordPrinted: async () => {
      await call('notes:printed', { id: note.id });
      await disclosure.record('printed-note');
    },
  });
  useRunningHeader(patient);
  const definition = note.definition;

  return (
    <div className="print-page">
      <div className="print-page__toolbar no-print">
        <BackLink to={`/patients/${note.patientId}/notes/${note.id}`}>Back to the note</BackLink>
        <PrintButtons state={printing.state} print={(target) => disclosure.guard('printed-note', () => printing.print(target))} />
      </div>
      <div className="no-print print-page__notices">
        <DisclosureStep disclosure={disclosure} />
        <PrintOutcome state={printing.state} />
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className="print-document" aria-label="Printable note">
        <Letterhead preferences={preferences} />

        <p className="print-document__confidential">Confidential</p>
        <h1 className="print-document__title">{definition.label} note</h1>

        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
          <div>
            <dt>Date of service</dt>
            <dd>{formatLongCalendarDate(note.serviceDate)}</dd>
          </div>
          <div>
            <dt>Template</dt>
            <dd>{definition.label}</dd>
          </div>
          <div className="print-document__fact--wide">
            <dt>Session</dt>
            <dd>
              {note.session
                ? `${formatLongDay(new Date(note.session.start))}, ${formatTimeRange(new Date(note.session.start), new Date(note.session.end))}, ${KIND_LABELS[note.session.kind]}`
                : 'None'}
            </dd>
          </div>
        </dl>

        <div className="print-document__body">
          <NoteText note={note} headingLevel={2} />
        </div>

        <section className="print-document__signature" aria-label="Signature">
          <p>
            Signed by{' '}
            <strong>
              <UserText>{note.signedBy}</UserText>
            </strong>
            , {note.signedAt ? formatDayAndTime(note.signedAt) : ''}
          </p>
          {note.contentHash ? <p className="print-document__hash">Record fingerprint (SHA-256): {note.contentHash}</p> : null}
        </section>

        {note.addenda.length > 0 ? (
          <section className="print-document__addenda">
            <h2 className="print-document__heading">Addenda</h2>
            {note.addenda.map((addendum) => (
              <PrintedAddendum key={addendum.id} addendum={addendum} when={formatDayAndTime(addendum.createdAt)} />
            ))}
          </section>
        ) : null}

        <footer className="print-document__footer">
          <p>
            <strong>Confidential.</strong> This document contains personal health information. It is intended only for the person or service
            it was given to and must not be passed on without the patient’s consent.
          </p>
        </footer>
      </article>
    </div>
  );
}
