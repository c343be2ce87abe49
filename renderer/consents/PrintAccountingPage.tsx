import { useParams } from 'react-router';
import type { Consent, Disclosure } from '../../shared/consents';
import type { Patient } from '../../shared/patient';
import type { Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatLongCalendarDate } from '../format/dates';
import { localToday } from '../../shared/dates';
import { AccountingTable } from './AccountingTable';

const SUGGESTED_FILE_NAME = 'Accounting of disclosures';

/** The accounting of disclosures for the patient, at #/print/disclosures/:patientId. */
export function PrintAccountingPage() {
  const { patientId = '' } = useParams();
  const disclosures = useChannelQuery('disclosures:list', { patientId });
  const consents = useChannelQuery('consents:list', { patientId });
  const patient = useChannelQuery('patients:get', { id: patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const error = disclosures.error ?? consents.error ?? patient.error ?? preferences.error;
  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This patient could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!disclosures.data || !consents.data || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the accounting for printing…
      </p>
    );
  }
  return (
    <PrintableAccounting
      disclosures={disclosures.data}
      consents={consents.data.consents}
      patient={patient.data}
      preferences={preferences.data}
    />
  );
}

function PrintableAccounting({
  disclosures,
  consents,
  patient,
  preferences,
}: {
  disclosures: Disclosure[];
  consents: Consent[];
  patient: Patient;
  preferences: Preferences;
}) {
  useRunningHeader(patient);
  const printing = usePrintWindow({
    fileName: SUGGESTED_FILE_NAME,
    what: 'The accounting of disclosures',
    recordPrinted: () => call('disclosures:accountingPrinted', { patientId: patient.id }),
  });
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
      <article className="print-document accounting-print" aria-label="Printable accounting of disclosures">
        <Letterhead preferences={preferences} />
        <p className="print-document__confidential">Confidential</p>
        <h1 className="print-document__title">Accounting of disclosures</h1>
        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
          <div>
            <dt>As of</dt>
            <dd>{formatLongCalendarDate(localToday())}</dd>
          </div>
        </dl>
        <p>
          Everything the practice has shared from your record with anyone other than you: when, with whom, what, and under which consent or
          exception the law allows.
        </p>
        {disclosures.filter((d) => d.basis !== 'patient').length === 0 ? (
          <p>Nothing from your record has been shared with anyone else.</p>
        ) : (
          <AccountingTable disclosures={disclosures.filter((d) => d.basis !== 'patient')} consents={consents} />
        )}
      </article>
    </div>
  );
}
