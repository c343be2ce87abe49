import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { KIND_LABELS } from '../../shared/appointment';
import { DIAGNOSIS_STATUS_LABELS } from '../../shared/diagnosis';
import { PLAINTEXT_WARNING, type PatientRecord } from '../../shared/export';
import { FEEDBACK_QUESTIONS } from '../../shared/feedback';
import { INSTRUMENTS, INSTRUMENT_DEFINITIONS } from '../../shared/measures';
import { MEDICATION_EVENT_LABELS } from '../../shared/medication';
import { SEX_AT_BIRTH_LABELS, type Patient } from '../../shared/patient';
import { AGREEMENT_LABELS, OBJECTIVE_STATUS_LABELS, SAFETY_PLAN_FIELDS, type PlanVersion } from '../../shared/plan';
import type { Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { NoteText } from '../chart';
import { BackLink } from '../components/BackLink';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { PrintedAddendum } from '../components/PrintedAddendum';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatInstantDate, formatLongCalendarDate, formatLongMoment } from '../format/dates';
import { formatLongDay, formatTimeRange } from '../format/times';
import { MeasureChart } from './MeasureChart';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
export const RECORD_PDF_FILE_NAME = 'Alliance record';

/**
 * A patient's copy of their whole record at #/print/record/:patientId, as one document: the
 * letterhead, their details, diagnoses, medication history, allergies, every signed note with its
 * addenda, every version of the treatment plan, and their measures with a chart of each. Every
 * printed page names the patient and says "Confidential" and "Page x of y" (useRunningHeader).
 */
export function PrintRecordPage() {
  const { patientId = '' } = useParams();
  const record = useChannelQuery('exports:patientRecord', { patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const error = record.error ?? preferences.error;
  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This patient could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!record.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the record for printing…
      </p>
    );
  }
  return <PrintableRecord record={record.data} preferences={preferences.data} />;
}

function PrintableRecord({ record, preferences }: { record: PatientRecord; preferences: Preferences }) {
  const { patient } = record;
  useRunningHeader(patient);
  const printing = usePrintWindow({
    fileName: RECORD_PDF_FILE_NAME,
    what: 'The record',
    recordPrinted: (outcome) => call('exports:patientExported', { patientId: patient.id, format: outcome === 'saved' ? 'pdf' : 'printer' }),
  });

  return (
    <div className="print-page">
      <div className="print-page__toolbar no-print">
        <BackLink to={`/patients/${patient.id}`}>Back to the chart</BackLink>
        <PrintButtons {...printing} />
      </div>
      <div className="no-print print-page__notices">
        <PrintOutcome state={printing.state} />
        {printing.state.kind === 'busy' && record.notes.length > 20 ? (
          <Notice tone="info">Preparing {record.notes.length} notes for printing: a long record takes a few seconds.</Notice>
        ) : null}
        <Notice tone="warning" title="A PDF is not encrypted">
          {PLAINTEXT_WARNING}
        </Notice>
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className="print-document record-print" aria-label="Printable record">
        <Letterhead preferences={preferences} />
        <p className="print-document__confidential">Confidential</p>
        <h1 className="print-document__title">Copy of the health record</h1>
        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
          <div className="print-document__fact--wide">
            <dt>Copy made</dt>
            <dd>{formatLongMoment(record.exportedAt)}</dd>
          </div>
        </dl>

        <Details patient={patient} />
        <Diagnoses record={record} />
        <Medications record={record} />
        <Allergies record={record} />
        <Notes record={record} />
        <Plans record={record} />
        <Measures record={record} />
        <SessionFeedback record={record} />

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

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="record-print__section" aria-label={title}>
      <h2 className="print-document__heading record-print__heading">{title}</h2>
      {children}
    </section>
  );
}

function Details({ patient }: { patient: Patient }) {
  const facts: Array<[string, string | null]> = [
    ['Name', `${patient.givenName} ${patient.familyName}`],
    ['Preferred name', patient.preferredName],
    ['Date of birth', formatLongCalendarDate(patient.dateOfBirth)],
    ['Sex assigned at birth', patient.sexAssignedAtBirth ? SEX_AT_BIRTH_LABELS[patient.sexAssignedAtBirth] : null],
    ['Gender identity', patient.genderIdentity],
    ['Pronouns', patient.pronouns],
    ['Phone', patient.phone],
    ['Email', patient.email],
    ['Address', patient.address],
    [
      'Emergency contact',
      [patient.emergencyContactName, patient.emergencyContactRelationship, patient.emergencyContactPhone].filter(Boolean).join(', ') ||
        null,
    ],
    [
      'Primary care',
      [patient.primaryCarePhysician, patient.primaryCarePractice, patient.primaryCarePhone, patient.primaryCarePhysicianContact]
        .filter(Boolean)
        .join(', ') || null,
    ],
    ['Referred by', [patient.referringClinician, patient.referringClinicianContact].filter(Boolean).join(', ') || null],
    ['Pharmacy', [patient.pharmacyName, patient.pharmacyPhone].filter(Boolean).join(', ') || null],
    [
      'Insurance',
      [patient.insurancePayer, patient.insuranceMemberId ? `member ${patient.insuranceMemberId}` : null].filter(Boolean).join(', ') || null,
    ],
  ];
  return (
    <Section title="Details">
      <dl className="record-print__facts">
        {facts
          .filter((fact): fact is [string, string] => fact[1] !== null && fact[1].trim() !== '')
          .map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>
                <UserText>{value}</UserText>
              </dd>
            </div>
          ))}
      </dl>
    </Section>
  );
}

function Diagnoses({ record }: { record: PatientRecord }) {
  const diagnoses = record.diagnoses.filter((diagnosis) => diagnosis.enteredInError === null);
  return (
    <Section title="Diagnoses">
      {diagnoses.length === 0 ? (
        <p>None recorded.</p>
      ) : (
        <table className="record-print__table">
          <thead>
            <tr>
              <th scope="col">ICD-10-CM</th>
              <th scope="col">Diagnosis</th>
              <th scope="col">Status</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {diagnoses.map((diagnosis) => (
              <tr key={diagnosis.id}>
                <td className="record-print__code">{diagnosis.code}</td>
                <td>
                  <UserText>{diagnosis.label}</UserText>
                  {diagnosis.isPrimary ? <span className="record-print__tag"> (primary)</span> : null}
                  {diagnosis.note ? (
                    <span className="record-print__aside">
                      {' '}
                      — <UserText>{diagnosis.note}</UserText>
                    </span>
                  ) : null}
                </td>
                <td>{DIAGNOSIS_STATUS_LABELS[diagnosis.status]}</td>
                <td>{diagnosis.onsetDate ? formatCalendarDate(diagnosis.onsetDate) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Medications({ record }: { record: PatientRecord }) {
  const entries = record.medications
    .filter((entry) => entry.enteredInError === null)
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.recordedAt < b.recordedAt ? -1 : 1));
  return (
    <Section title="Medication history">
      {entries.length === 0 ? (
        <p>None recorded.</p>
      ) : (
        <table className="record-print__table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Medication</th>
              <th scope="col">Entry</th>
              <th scope="col">Dose and frequency</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="record-print__date">{formatCalendarDate(entry.date)}</td>
                <td>
                  <UserText>{entry.name}</UserText> <span className="record-print__aside">({entry.route})</span>
                </td>
                <td>{MEDICATION_EVENT_LABELS[entry.kind]}</td>
                <td>
                  <UserText>{[entry.dose, entry.frequency].filter(Boolean).join(', ')}</UserText>
                </td>
                <td>
                  <UserText>{entry.reason}</UserText>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Allergies({ record }: { record: PatientRecord }) {
  const allergies = record.allergies.allergies.filter((allergy) => allergy.enteredInError === null);
  return (
    <Section title="Allergies">
      {allergies.length > 0 ? (
        <ul className="record-print__list">
          {allergies.map((allergy) => (
            <li key={allergy.id}>
              <strong>
                <UserText>{allergy.substance}</UserText>
              </strong>{' '}
              ({allergy.kind}, {allergy.severity}): <UserText>{allergy.reaction}</UserText>
              {allergy.notedOn ? `, noted ${formatCalendarDate(allergy.notedOn)}` : ''}
            </li>
          ))}
        </ul>
      ) : record.allergies.noKnownAllergiesAt ? (
        <p>No known allergies (recorded {formatLongMoment(record.allergies.noKnownAllergiesAt)}).</p>
      ) : (
        <p>None recorded.</p>
      )}
    </Section>
  );
}

function Notes({ record }: { record: PatientRecord }) {
  return (
    <Section title={`Signed notes (${record.notes.length})`}>
      {record.notes.length === 0 ? <p>No signed notes.</p> : null}
      {record.notes.map((note) => (
        <article
          key={note.id}
          className="record-print__note"
          aria-label={`${note.definition.label} note, ${formatCalendarDate(note.serviceDate)}`}
        >
          <h3 className="record-print__note-title">
            {note.definition.label} note — {formatLongCalendarDate(note.serviceDate)}
          </h3>
          {note.session ? (
            <p className="record-print__aside">
              {formatLongDay(new Date(note.session.start))}, {formatTimeRange(new Date(note.session.start), new Date(note.session.end))},{' '}
              {KIND_LABELS[note.session.kind]}
            </p>
          ) : null}
          <NoteText note={note} headingLevel={3} />
          <p className="record-print__signature">
            Signed by <UserText>{note.signedBy}</UserText>
            {note.signedAt ? `, ${formatLongMoment(note.signedAt)}` : ''}
            {note.contentHash ? <span className="print-document__hash"> · SHA-256 {note.contentHash}</span> : null}
          </p>
          {note.addenda.map((addendum) => (
            <PrintedAddendum key={addendum.id} addendum={addendum} when={formatLongMoment(addendum.createdAt)} />
          ))}
        </article>
      ))}
    </Section>
  );
}

function PlanVersionView({ version }: { version: PlanVersion }) {
  const { content, agreement } = version;
  const safety = SAFETY_PLAN_FIELDS.filter((field) => content.safetyPlan[field.key].trim() !== '');
  const interventions = [
    ...content.interventions.psychotherapy.map(
      (item) => `${item.modality}, ${item.frequency}, ${item.sessionMinutes} minutes${item.description ? `: ${item.description}` : ''}`,
    ),
    ...content.interventions.medications.map(
      (item) => `${item.name} ${item.dose}, ${item.frequency}${item.monitoring ? ` (monitoring: ${item.monitoring})` : ''}`,
    ),
    ...content.interventions.referrals.map((item) => `Referral to ${item.to}${item.reason ? `: ${item.reason}` : ''}`),
  ];
  return (
    <article className="record-print__plan" aria-label={`Treatment plan, version ${version.number}`}>
      <h3 className="record-print__note-title">
        Version {version.number} — {formatLongMoment(version.createdAt)}
      </h3>
      <p className="record-print__aside">
        {agreement
          ? `${AGREEMENT_LABELS[agreement.method]} on ${formatLongCalendarDate(agreement.date)}, recorded by ${agreement.recordedBy}.`
          : 'Draft, not yet agreed with the patient.'}
        {version.reason ? ` Revised because: ${version.reason}` : ''}
      </p>
      <dl className="record-print__facts record-print__facts--stacked">
        {content.diagnoses.length > 0 ? (
          <div>
            <dt>Diagnoses</dt>
            <dd>{content.diagnoses.map((diagnosis) => `${diagnosis.code} ${diagnosis.label}`).join('; ')}</dd>
          </div>
        ) : null}
        {(
          [
            ['Presenting problems', content.presentingProblems],
            ['Effect on daily life', content.dailyLifeEffect],
            ['Strengths', content.strengths],
          ] as const
        )
          .filter(([, value]) => value.trim() !== '')
          .map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>
                <UserText>{value}</UserText>
              </dd>
            </div>
          ))}
      </dl>
      {content.goals.length > 0 ? (
        <ol className="record-print__goals">
          {content.goals.map((goal) => (
            <li key={goal.id}>
              <p>
                <strong>
                  “<UserText>{goal.patientWords}</UserText>”
                </strong>
                {goal.formulation ? (
                  <>
                    {' '}
                    — <UserText>{goal.formulation}</UserText>
                  </>
                ) : null}
              </p>
              <ul>
                {goal.objectives.map((objective) => (
                  <li key={objective.id}>
                    <UserText>{objective.description}</UserText>
                    {objective.measure ? (
                      <>
                        {' '}
                        (measured by <UserText>{objective.measure}</UserText>)
                      </>
                    ) : null}
                    {objective.targetDate ? `, by ${formatCalendarDate(objective.targetDate)}` : ''} —{' '}
                    {OBJECTIVE_STATUS_LABELS[objective.status]}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
      {interventions.length > 0 ? (
        <>
          <p className="record-print__subheading">Interventions</p>
          <ul className="record-print__list">
            {interventions.map((text, index) => (
              <li key={index}>
                <UserText>{text}</UserText>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {safety.length > 0 ? (
        <>
          <p className="record-print__subheading">Safety plan</p>
          <dl className="record-print__facts record-print__facts--stacked">
            {safety.map((field) => (
              <div key={field.key}>
                <dt>{field.label}</dt>
                <dd>
                  <UserText>{content.safetyPlan[field.key]}</UserText>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <p className="record-print__aside">
        Review date {content.reviewDate ? formatLongCalendarDate(content.reviewDate) : 'not set'}
        {content.dischargeCriteria ? (
          <>
            . Discharge criteria: <UserText>{content.dischargeCriteria}</UserText>
          </>
        ) : null}
      </p>
    </article>
  );
}

function Plans({ record }: { record: PatientRecord }) {
  return (
    <Section title="Treatment plan, every version">
      {record.planVersions.length === 0 ? <p>No treatment plan.</p> : null}
      {record.planVersions.map((version) => (
        <PlanVersionView key={version.id} version={version} />
      ))}
    </Section>
  );
}

function Measures({ record }: { record: PatientRecord }) {
  return (
    <Section title="Measures">
      {record.measures.length === 0 ? <p>No measures recorded.</p> : null}
      {INSTRUMENTS.map((instrument) => {
        const measures = record.measures.filter((measure) => measure.instrument === instrument);
        if (measures.length === 0) return null;
        return (
          <div key={instrument} className="record-print__measure">
            <h3 className="record-print__note-title">{INSTRUMENT_DEFINITIONS[instrument].title}</h3>
            <MeasureChart instrument={instrument} measures={measures} />
            <table className="record-print__table record-print__table--narrow">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Total</th>
                  <th scope="col">Band</th>
                  <th scope="col">Answered by</th>
                </tr>
              </thead>
              <tbody>
                {measures.map((measure) => (
                  <tr key={measure.id}>
                    <td className="record-print__date">{formatCalendarDate(measure.date)}</td>
                    <td>
                      {measure.score} of {INSTRUMENT_DEFINITIONS[instrument].maxScore}
                    </td>
                    <td>{measure.band}</td>
                    <td>{measure.source === 'patient' ? 'Patient' : 'Clinician, with the patient'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </Section>
  );
}

function SessionFeedback({ record }: { record: PatientRecord }) {
  if (record.feedback.length === 0) return null;
  return (
    <Section title="Session feedback">
      <p className="record-print__aside">
        How the patient rated each session from 0 (not at all) to 10 (completely): felt heard, worked on what they wanted, the way of
        working fits, the session overall; and what they wrote.
      </p>
      <table className="record-print__table">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Heard</th>
            <th scope="col">Focus</th>
            <th scope="col">Approach</th>
            <th scope="col">Overall</th>
            <th scope="col">Mean</th>
            <th scope="col">In their words</th>
          </tr>
        </thead>
        <tbody>
          {record.feedback.map((feedback) => (
            <tr key={feedback.id}>
              <td className="record-print__date">{formatInstantDate(feedback.sessionStart)}</td>
              <td>{feedback.heard}</td>
              <td>{feedback.focus}</td>
              <td>{feedback.approach}</td>
              <td>{feedback.overall}</td>
              <td>{feedback.score.toFixed(1)}</td>
              <td>
                {FEEDBACK_QUESTIONS.filter((question) => feedback[question.key].trim() !== '').map((question) => (
                  <p key={question.key}>
                    <span className="record-print__aside">{question.question}</span> <UserText>{feedback[question.key]}</UserText>
                  </p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
