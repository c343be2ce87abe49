import { useParams } from 'react-router';
import type { ConsentWithStatus } from '../../shared/consents';
import type { Patient } from '../../shared/patient';
import { signatureName, type Preferences } from '../../shared/preferences';
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
import { RECORD_PART_LABELS } from '../../shared/consents';
import { periodText } from './describe';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
const SUGGESTED_FILE_NAME = 'Consent to share';

/** A recorded consent as a form for the patient to sign, at #/print/consent/:patientId/:consentId. */
export function PrintConsentFormPage() {
  const { patientId = '', consentId = '' } = useParams();
  const consents = useChannelQuery('consents:list', { patientId });
  const patient = useChannelQuery('patients:get', { id: patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const consent = consents.data?.consents.find((c) => c.id === consentId);
  const error = consents.error ?? patient.error ?? preferences.error;
  if (error || (consents.data && !consent)) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{!error || error.code === 'NOT_FOUND' ? 'This consent could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!consent || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the consent form for printing…
      </p>
    );
  }
  return <PrintableConsent consent={consent} patient={patient.data} preferences={preferences.data} />;
}

function PrintableConsent({ consent, patient, preferences }: { consent: ConsentWithStatus; patient: Patient; preferences: Preferences }) {
  useRunningHeader(patient);
  const printing = usePrintWindow({
    fileName: SUGGESTED_FILE_NAME,
    what: 'The consent form',
    recordPrinted: () => call('consents:formPrinted', { consentId: consent.id }),
  });
  const practice = preferences.practiceName || signatureName(preferences) || 'this practice';
  return (
    <div className="print-page">
      <div className="print-page__toolbar no-print">
        <BackLink to={`/patients/${patient.id}/sharing`}>Back to Sharing</BackLink>
        <PrintButtons {...printing} />
      </div>
      <div className="no-print print-page__notices">
        <PrintOutcome state={printing.state} />
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className="print-document consent-print" aria-label="Printable consent form">
        <Letterhead preferences={preferences} />
        <p className="print-document__confidential">Confidential</p>
        <h1 className="print-document__title">Consent to share information from my record</h1>
        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
        </dl>

        <p>
          I, <UserText>{`${patient.givenName} ${patient.familyName}`}</UserText>, agree that <UserText>{practice}</UserText> may share the
          parts of my record named below with the person or service named below, for the purpose and for the period stated.
        </p>

        <h2 className="print-document__heading">Who may receive it</h2>
        <p>
          <strong>
            <UserText>{consent.recipient.name}</UserText>
          </strong>
          {consent.recipient.role ? (
            <>
              , <UserText>{consent.recipient.role}</UserText>
            </>
          ) : null}
        </p>
        {consent.recipient.contact ? (
          <p>
            <UserText>{consent.recipient.contact}</UserText>
          </p>
        ) : null}

        <h2 className="print-document__heading">What may be shared</h2>
        <ul className="consent-print__parts">
          {consent.parts.map((part) => (
            <li key={part}>{RECORD_PART_LABELS[part]}</li>
          ))}
        </ul>
        <p>Nothing else from my record is shared under this consent.</p>

        <h2 className="print-document__heading">Why</h2>
        <p>
          <UserText>{consent.purpose}</UserText>
        </p>

        <h2 className="print-document__heading">For how long</h2>
        <p>{periodText(consent)}.</p>

        <h2 className="print-document__heading">My right to revoke</h2>
        <p>
          I may withdraw this consent at any time, by telling the practice in person, in writing or by phone. From that day nothing more is
          shared under it; what was already shared cannot be taken back. Refusing or withdrawing consent does not affect my treatment. I may
          ask for a list of everything the practice has shared from my record.
        </p>

        <section className="consent-print__signatures" aria-label="Signatures">
          <div className="consent-print__line">
            <span className="consent-print__rule" />
            <span>Signature of the patient</span>
          </div>
          <div className="consent-print__line consent-print__line--date">
            <span className="consent-print__rule" />
            <span>Date</span>
          </div>
          <div className="consent-print__line">
            <span className="consent-print__rule" />
            <span>
              Witnessed by
              {preferences.clinicianName ? (
                <>
                  {' '}
                  <UserText>{signatureName(preferences)}</UserText>
                </>
              ) : null}
            </span>
          </div>
          <div className="consent-print__line consent-print__line--date">
            <span className="consent-print__rule" />
            <span>Date</span>
          </div>
        </section>
      </article>
    </div>
  );
}
