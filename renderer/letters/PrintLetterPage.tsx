import { useParams } from 'react-router';
import type { Letter } from '../../shared/letters';
import type { Patient } from '../../shared/patient';
import type { Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatLongCalendarDate, formatLongMoment } from '../format/dates';
import './letters.css';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
const SUGGESTED_FILE_NAME = 'Alliance letter';

/**
 * A signed letter as a document at #/print/letter/:id: the practice's letterhead, who the patient is
 * (and on every page, in the running header), the recipient, the letter, its signature, its addenda
 * after it, marked confidential.
 */
export function PrintLetterPage() {
  const { id = '' } = useParams();
  const letter = useChannelQuery('letters:get', { id });
  const patient = useChannelQuery('patients:get', { id: letter.data?.patientId ?? '' }, { enabled: letter.data !== undefined });
  const preferences = useChannelQuery('preferences:get', {});
  const error = letter.error ?? patient.error ?? preferences.error;
  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This letter could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!letter.data || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the letter for printing…
      </p>
    );
  }
  if (letter.data.status !== 'signed') {
    return (
      <div className="page page--narrow">
        <BackLink to={`/patients/${letter.data.patientId}/letters/${letter.data.id}`}>Back to the letter</BackLink>
        <Notice tone="info">Only a signed letter is printed. Sign it first; a draft may still change.</Notice>
      </div>
    );
  }
  return <PrintableLetter letter={letter.data} patient={patient.data} preferences={preferences.data} />;
}

function PrintableLetter({ letter, patient, preferences }: { letter: Letter; patient: Patient; preferences: Preferences }) {
  const printing = usePrintWindow({
    fileName: SUGGESTED_FILE_NAME,
    what: 'The letter',
    recordPrinted: () => call('letters:printed', { id: letter.id }),
  });
  useRunningHeader(patient);
  const recipient = letter.recipient;
  return (
    <div className="print-page">
      <div className="print-page__toolbar no-print">
        <BackLink to={`/patients/${letter.patientId}/letters/${letter.id}`}>Back to the letter</BackLink>
        <PrintButtons {...printing} />
      </div>
      <div className="no-print print-page__notices">
        <PrintOutcome state={printing.state} />
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className="print-document print-letter" aria-label="Printable letter">
        <Letterhead preferences={preferences} />
        <p className="print-document__confidential">Confidential</p>
        <p className="print-letter__date">{formatLongCalendarDate(letter.letterDate)}</p>
        <address className="print-letter__recipient">
          {recipient ? (
            <>
              <UserText>{recipient.name}</UserText>
              {recipient.role ? (
                <>
                  <br />
                  <UserText>{recipient.role}</UserText>
                </>
              ) : null}
              {recipient.contact ? (
                <>
                  <br />
                  <UserText className="print-letter__contact">{recipient.contact}</UserText>
                </>
              ) : null}
            </>
          ) : (
            <UserText>{`${patient.givenName} ${patient.familyName}`}</UserText>
          )}
        </address>
        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
        </dl>
        <div className="print-document__body">
          {letter.sections
            .filter((section) => section.text.trim() !== '')
            .map((section) => (
              <section key={section.key} className="letter__part">
                {section.heading ? <h2 className="print-document__heading">{section.heading}</h2> : null}
                <p className="letter__text">
                  <UserText>{section.text.trim()}</UserText>
                </p>
              </section>
            ))}
        </div>
        <section className="print-document__signature" aria-label="Signature">
          <p>
            Signed by{' '}
            <strong>
              <UserText>{letter.signedBy}</UserText>
            </strong>
            {letter.signedAt ? `, ${formatLongMoment(letter.signedAt)}` : null}
          </p>
          {letter.contentHash ? <p className="print-document__hash">Record fingerprint (SHA-256): {letter.contentHash}</p> : null}
        </section>
        {letter.addenda.length > 0 ? (
          <section className="print-document__addenda">
            <h2 className="print-document__heading">Addenda</h2>
            {letter.addenda.map((addendum) => (
              <div key={addendum.id} className="print-document__addendum">
                <p className="print-document__addendum-meta">
                  Addendum, {formatLongMoment(addendum.createdAt)}, signed by <UserText>{addendum.signedBy}</UserText>
                </p>
                <p className="letter__text">
                  <UserText>{addendum.text}</UserText>
                </p>
              </div>
            ))}
          </section>
        ) : null}
        <footer className="print-document__footer">
          <p>
            <strong>Confidential.</strong> This letter contains personal health information, shared with the patient’s consent. It is
            intended only for its recipient and must not be passed on without the patient’s consent.
          </p>
        </footer>
      </article>
    </div>
  );
}
