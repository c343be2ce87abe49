import { useQueryClient } from '@tanstack/react-query';
import { Fragment, Suspense, useEffect, useState, type ReactNode } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import type { ChartSummary } from '../../shared/chart';
import { ageOn, localToday } from '../../shared/dates';
import type { AppError } from '../../shared/errors';
import { displayName, patientIdSchema } from '../../shared/patient';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { ArchivePatientDialog, BookNextSessionButton } from '../calendar';
import { BackToPatients } from '../components/BackLink';
import { PatientNotFound } from '../components/NotFound';
import { Notice } from '../components/Notice';
import { QuietFallback } from '../components/QuietFallback';
import { explain } from '../errors/explain';
import { ExportRecordButton } from '../exports';
import { SelfHarmBanner } from '../feedback';
import { formatAge, formatCalendarDate, formatMoment } from '../format/dates';
import { attendanceText, describeSession } from '../format/sessions';
import { PlanHeaderLine } from '../plan';
import { DueMonitoring } from '../monitoring';
import { AllergyStatusLine } from './AllergyStatusLine';
import type { ChartContext } from './chartContext';
import { ChartSidePanel } from './ChartSidePanel';
import { attendanceSummary } from './format';
import { NewNoteDialog } from './NewNoteDialog';
import { notesQueryOptions } from './notesQuery';

type ChartTabLink = { to: string; label: string; end?: boolean };

/**
 * The chart's sections in two groups: the clinical record, worked in at every session, and the
 * records kept about the care (what was sent and agreed, billing, attendance, details, history).
 * Each group stays whole on its line, so a narrow window breaks the row between them, not inside one.
 */
const TAB_GROUPS: { label: string; tabs: ChartTabLink[] }[] = [
  {
    label: 'Clinical record',
    tabs: [
      { to: '', label: 'Notes', end: true },
      { to: 'plan', label: 'Plan' },
      { to: 'timeline', label: 'Timeline' },
      { to: 'diagnoses', label: 'Diagnoses' },
      { to: 'medications', label: 'Medications' },
      { to: 'results', label: 'Results' },
      { to: 'aims', label: 'AIMS' },
      { to: 'feedback', label: 'Feedback' },
    ],
  },
  {
    label: 'Records of care',
    tabs: [
      { to: 'documents', label: 'Documents' },
      { to: 'sharing', label: 'Sharing' },
      { to: 'billing', label: 'Billing' },
      { to: 'attendance', label: 'Attendance' },
      { to: 'details', label: 'Details' },
      { to: 'history', label: 'History' },
    ],
  },
];

/**
 * The patient's chart at #/patients/:id: who this is (always in view), what must never be missed
 * (the side panel), and the chart's sections as routes beneath.
 */
export function ChartPage() {
  const { id = '' } = useParams();
  const valid = patientIdSchema.safeParse(id).success;
  const summary = useChannelQuery('chart:summary', { patientId: id }, { enabled: valid });
  // The notes are what a chart opens on: ask for them with the header, not after it.
  const queryClient = useQueryClient();
  useEffect(() => {
    if (valid) void queryClient.prefetchInfiniteQuery(notesQueryOptions(id));
  }, [queryClient, id, valid]);
  if (!valid || summary.error?.code === 'NOT_FOUND') return <PatientNotFound />;
  if (summary.error) {
    return (
      <div className="page page--narrow">
        <BackToPatients />
        <Notice tone="error">{explain(summary.error)}</Notice>
      </div>
    );
  }
  if (!summary.data) {
    return (
      <p className="muted page" role="status">
        Opening the chart…
      </p>
    );
  }
  // Keyed by patient: a dialog or message of one chart never carries over to the next one opened.
  return <Chart key={summary.data.patient.id} summary={summary.data} />;
}

function Chart({ summary }: { summary: ChartSummary }) {
  const { patient } = summary;
  const navigate = useNavigate();
  const location = useLocation();
  // A note's own page belongs to the Notes section, so its tab stays marked there.
  const onNotePage = location.pathname.startsWith(`/patients/${patient.id}/notes/`);
  // A titration or taper schedule belongs to the Medications section.
  const onTitrationPage = location.pathname.startsWith(`/patients/${patient.id}/titrations/`);
  // A letter belongs to the Documents section.
  const onLetterPage = location.pathname.startsWith(`/patients/${patient.id}/letters/`);
  const archive = useChannelMutation('patients:archive');
  const restore = useChannelMutation('patients:restore');
  const [confirmingArchive, setConfirmingArchive] = useState(false);
  const [newNote, setNewNote] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const name = displayName(patient);

  async function doArchive(cancelFutureSessions: boolean) {
    setFailure(null);
    try {
      await archive.mutateAsync({ id: patient.id, version: patient.version, cancelFutureSessions });
    } catch (caught) {
      setFailure(asAppError(caught));
    } finally {
      setConfirmingArchive(false);
    }
  }

  async function doRestore() {
    setFailure(null);
    try {
      await restore.mutateAsync({ id: patient.id, version: patient.version });
    } catch (caught) {
      setFailure(asAppError(caught));
    }
  }

  const context: ChartContext = { summary, patient, openNewNote: () => setNewNote(true) };

  return (
    <div className="chart">
      <BackToPatients />
      <ChartHeader
        summary={summary}
        actions={
          <>
            <button type="button" className="button button--primary" onClick={() => setNewNote(true)}>
              New note
            </button>
            {patient.archivedAt ? null : <BookNextSessionButton patientId={patient.id} />}
            <button type="button" className="button button--secondary" onClick={() => void navigate(`/patients/${patient.id}/edit`)}>
              Edit
            </button>
            <ExportRecordButton patientId={patient.id} />
            {patient.archivedAt ? (
              <button type="button" className="button button--secondary" onClick={() => void doRestore()} disabled={restore.isPending}>
                Restore
              </button>
            ) : (
              <button type="button" className="button button--secondary" onClick={() => setConfirmingArchive(true)}>
                Archive
              </button>
            )}
          </>
        }
      />

      {patient.archivedAt ? (
        <Notice tone="info">
          Archived on {formatMoment(patient.archivedAt)}. This patient is hidden from the patient list; the record is kept in full. Restore
          to show them in the list again.
        </Notice>
      ) : null}
      {failure ? (
        <Notice tone="error">
          {explain(failure)}
          {failure.code === 'CONFLICT' ? ' This page now shows the latest version; try again if it is still needed.' : null}
        </Notice>
      ) : null}

      <div className="chart__body">
        <div className="chart__main">
          <nav className="chart-tabs" aria-label="Chart sections">
            {TAB_GROUPS.map((group) => (
              <div key={group.label} className="chart-tabs__group" role="group" aria-label={group.label}>
                {group.tabs.map((tab) => (
                  <NavLink
                    key={tab.label}
                    to={tab.to === '' ? `/patients/${patient.id}` : `/patients/${patient.id}/${tab.to}`}
                    end={tab.end ?? false}
                    className={({ isActive }) =>
                      `chart-tabs__link${isActive || (tab.to === '' && onNotePage) || (tab.to === 'medications' && onTitrationPage) || (tab.to === 'documents' && onLetterPage) ? ' chart-tabs__link--active' : ''}`
                    }
                  >
                    {tab.label}
                    {tab.to === '' && summary.draftCount > 0 ? (
                      <span
                        className="chart-tabs__count"
                        aria-label={summary.draftCount === 1 ? '1 unsigned draft' : `${summary.draftCount} unsigned drafts`}
                      >
                        {summary.draftCount}
                      </span>
                    ) : null}
                    {tab.to === 'feedback' && summary.feedbackDrop ? (
                      <span className="chart-tabs__count" aria-label="ratings fell, to raise at the next session">
                        !
                      </span>
                    ) : null}
                    {tab.to === 'plan' && summary.plan?.reviewDue ? (
                      <span className="chart-tabs__count" aria-label="review due">
                        ⚑
                      </span>
                    ) : null}
                  </NavLink>
                ))}
              </div>
            ))}
          </nav>
          <div className="chart__section">
            {/* A section's script loads the first time it is opened; the patient's header stays. */}
            <Suspense fallback={<QuietFallback />}>
              <Outlet context={context} />
            </Suspense>
          </div>
        </div>
        <ChartSidePanel summary={summary} />
      </div>

      <p className="record-meta">
        Record created {formatMoment(patient.createdAt)} · last changed {formatMoment(patient.updatedAt)}
      </p>

      {newNote ? <NewNoteDialog patientId={patient.id} patientName={name} onClose={() => setNewNote(false)} /> : null}

      <ArchivePatientDialog
        open={confirmingArchive}
        patientId={patient.id}
        name={name}
        busy={archive.isPending}
        onConfirm={(cancelFutureSessions) => void doArchive(cancelFutureSessions)}
        onCancel={() => setConfirmingArchive(false)}
      />
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="chart-header__fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Who this is, in one glance: name, pronouns, age, chart number, sessions, reliability, allergies. A region named by the name. */
function ChartHeader({ summary, actions }: { summary: ChartSummary; actions: ReactNode }) {
  const { patient, nextSession, lastSession, attendance, allergies } = summary;
  const age = ageOn(patient.dateOfBirth, localToday());
  // The pronouns and the chart number are typed by a person, so isolated like all user text; the rest is the app's.
  const identity: ReactNode[] = [
    ...(patient.pronouns ? [<bdi key="pronouns">{patient.pronouns}</bdi>] : []),
    `${formatAge(age)}, born ${formatCalendarDate(patient.dateOfBirth)}`,
    <Fragment key="chart-number">
      Chart no. <bdi>{patient.chartNumber}</bdi>
    </Fragment>,
  ];
  return (
    <section className="chart-header" aria-labelledby="chart-patient-name">
      <div className="chart-header__top">
        <div className="chart-header__who">
          <h1 className="page__title" id="chart-patient-name">
            <bdi>{displayName(patient)}</bdi>
          </h1>
          <p className="chart-header__identity">
            {identity.map((part, index) => (
              <Fragment key={index}>
                {index > 0 ? ' · ' : null}
                {part}
              </Fragment>
            ))}
            {patient.archivedAt ? (
              <>
                {' '}
                <span className="badge badge--muted">Archived</span>
              </>
            ) : null}
          </p>
          {patient.phone || patient.email ? (
            <p className="chart-header__contact">
              {patient.phone ? (
                <span>
                  <bdi>{patient.phone}</bdi>
                </span>
              ) : null}
              {patient.phone && patient.email ? <span aria-hidden="true"> · </span> : null}
              {patient.email ? (
                <span>
                  <bdi>{patient.email}</bdi>
                </span>
              ) : null}
            </p>
          ) : null}
        </div>
        <div className="page__actions chart-header__actions">{actions}</div>
      </div>
      <dl className="chart-header__facts">
        <Fact term="Next session">{nextSession ? describeSession(nextSession) : <span className="muted">None booked</span>}</Fact>
        <Fact term="Last session">
          {lastSession ? (
            <>
              {describeSession(lastSession)} · {attendanceText(lastSession)}
            </>
          ) : (
            <span className="muted">None yet</span>
          )}
        </Fact>
        <Fact term="Attendance, last 90 days">{attendanceSummary(attendance.last90Days)}</Fact>
        <Fact term="Allergies">
          <AllergyStatusLine allergies={allergies} />
        </Fact>
        <Fact term="Treatment plan">
          <PlanHeaderLine patientId={patient.id} plan={summary.plan} />
        </Fact>
      </dl>
      <SelfHarmBanner summary={summary} />
      <DueMonitoring patientId={patient.id} where="chart" />
    </section>
  );
}
