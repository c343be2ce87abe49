import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { bridgeAvailable, subscribe } from './bridge/client';
import { invalidateScopes } from './bridge/queries';
import { AimsTab } from './aims';
import { PrintAccountingPage, PrintConsentFormPage, SharingTab } from './consents';
import { CalendarPage, OnTimeReport, SessionDialog } from './calendar';
import {
  AttendanceTab,
  ChartPage,
  DetailsTab,
  DiagnosesTab,
  HistoryTab,
  MedicationsTab,
  NotePage,
  NotesTab,
  PrintNotePage,
  TimelineTab,
} from './chart';
import { ErrorBoundary } from './components/ErrorBoundary';
import { useVaultControls } from './components/vaultControls';
import { FeedbackTab, PracticeFeedbackPage } from './feedback';
import { DocumentsTab, LetterPage, PrintLetterPage } from './letters';
import { MonitoringPage } from './monitoring';
import { ImportPage, ImportPatientsPage, ImportSessionsPage } from './import';
import { EditPatientPage, NewPatientPage, PatientList } from './patients';
import { PlanTab, PrintPlanPage, PrintProgressSummaryPage } from './plan';
import { ResultsTab } from './results';
import { PrintTitrationPage, TitrationBuilderPage, TitrationPage } from './titrations';
import { BillingTab, PracticeMoneyPage, PrintBillingPage } from './billing';
import { SettingsPage } from './settings';
import { AppShell } from './shell';
import { prefetchToday, TodayPage } from './today';
import { VaultGate, type StartView } from './vault';

function StartView() {
  const { startView } = useVaultControls();
  const client = useQueryClient();
  // The day is asked for as the window unlocks, while its script loads, not after.
  useEffect(() => {
    if (startView === 'today') void prefetchToday(client);
  }, [startView, client]);
  return <Navigate to={`/${startView}`} replace />;
}

function PageNotFound() {
  return (
    <div className="page page--narrow">
      <h1 className="page__title">This page does not exist</h1>
      <p>
        Go back to <a href="#/today">today</a>, the <a href="#/calendar">calendar</a> or the <a href="#/patients">patient list</a>.
      </p>
    </div>
  );
}

/** The data:changed event names scopes; every cached answer under them is refetched. */
function DataChangedListener({ client }: { client: QueryClient }) {
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === 'data:changed') void invalidateScopes(client, event.scopes);
      }),
    [client],
  );
  return null;
}

/**
 * Once the window is unlocked and idle, every view's script loads ahead, so that opening the calendar,
 * a chart or its plan draws at once; the unlock screen waited for none of them.
 */
function PreloadViews() {
  const { startView } = useVaultControls();
  const client = useQueryClient();
  useEffect(() => {
    const views = [
      TodayPage,
      CalendarPage,
      OnTimeReport,
      PracticeFeedbackPage,
      ChartPage,
      NotesTab,
      NotePage,
      PlanTab,
      TimelineTab,
      DiagnosesTab,
      MedicationsTab,
    ];
    const more = [MonitoringPage, SessionDialog, DetailsTab, AttendanceTab, FeedbackTab, HistoryTab, AimsTab, PrintNotePage, PrintPlanPage];
    let idle: number | null = null;
    let cancelled = false;
    // The view unlocking opens loads first: the others' scripts must not queue ahead of its own. The
    // day is drawn before they load, too: while its answer is on its way the window looks idle, and forty
    // scripts compiled then would hold up the drawing of the day when it arrives.
    const first = startView === 'today' ? TodayPage : startView === 'calendar' ? CalendarPage : null;
    const scriptLoaded = first ? first.preload().catch(() => undefined) : Promise.resolve();
    const dayFetched = startView === 'today' ? prefetchToday(client).catch(() => undefined) : Promise.resolve();
    void Promise.all([scriptLoaded, dayFetched]).then(() => {
      if (cancelled) return;
      idle = requestIdleCallback(
        () => {
          for (const view of [...views, ...more]) {
            // A script that cannot be read now is read again when its view is drawn, and explained there.
            view.preload().catch(() => undefined);
          }
        },
        { timeout: 2_000 },
      );
    });
    return () => {
      cancelled = true;
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [startView, client]);
  return null;
}

function NoBridge() {
  return (
    <main className="standalone">
      <div className="standalone__card">
        <h1 className="standalone__title">Alliance could not start</h1>
        <p>This page has no connection to the Alliance application. Open Alliance itself, or the test harness, rather than this file.</p>
      </div>
    </main>
  );
}

/** The route the window opens on when it unlocks at its start, rather than where the person left it. */
function atStartView(): boolean {
  return ['', '#', '#/', '#/today'].includes(window.location.hash);
}

/** The day's script while the passphrase is typed, and its data the moment the vault opens. */
function whileLocked(startView: StartView): void {
  if (startView === 'today') TodayPage.preload().catch(() => undefined);
}

export function App({ client }: { client: QueryClient }) {
  const unlocked = useCallback(
    (startView: StartView) => {
      if (startView === 'today' && atStartView()) void prefetchToday(client);
    },
    [client],
  );
  if (!bridgeAvailable()) return <NoBridge />;
  return (
    <QueryClientProvider client={client}>
      <DataChangedListener client={client} />
      <HashRouter>
        <ErrorBoundary>
          <VaultGate onUnlockShown={whileLocked} onUnlocked={unlocked}>
            <PreloadViews />
            <Routes>
              <Route element={<AppShell />}>
                <Route index element={<StartView />} />
                <Route path="today" element={<TodayPage />} />
                <Route path="calendar" element={<CalendarPage />} />
                <Route path="calendar/on-time" element={<OnTimeReport />} />
                <Route path="feedback" element={<PracticeFeedbackPage />} />
                <Route path="monitoring" element={<MonitoringPage />} />
                <Route path="billing" element={<PracticeMoneyPage />} />
                <Route path="patients" element={<PatientList />} />
                <Route path="patients/new" element={<NewPatientPage />} />
                <Route path="patients/:id" element={<ChartPage />}>
                  <Route index element={<NotesTab />} />
                  <Route path="notes/:noteId" element={<NotePage />} />
                  <Route path="plan/*" element={<PlanTab />} />
                  <Route path="timeline" element={<TimelineTab />} />
                  <Route path="diagnoses" element={<DiagnosesTab />} />
                  <Route path="medications" element={<MedicationsTab />} />
                  <Route path="results" element={<ResultsTab />} />
                  <Route path="aims" element={<AimsTab />} />
                  <Route path="titrations/new/:medicationId" element={<TitrationBuilderPage />} />
                  <Route path="titrations/:scheduleId" element={<TitrationPage />} />
                  <Route path="documents" element={<DocumentsTab />} />
                  <Route path="letters/:letterId" element={<LetterPage />} />
                  <Route path="details" element={<DetailsTab />} />
                  <Route path="attendance" element={<AttendanceTab />} />
                  <Route path="billing" element={<BillingTab />} />
                  <Route path="feedback" element={<FeedbackTab />} />
                  <Route path="history" element={<HistoryTab />} />
                  <Route path="sharing" element={<SharingTab />} />
                </Route>
                <Route path="patients/:id/edit" element={<EditPatientPage />} />
                <Route path="print/note/:id" element={<PrintNotePage />} />
                <Route path="print/plan/:versionId" element={<PrintPlanPage />} />
                <Route path="print/progress/:patientId" element={<PrintProgressSummaryPage />} />
                <Route path="print/titration/:scheduleId" element={<PrintTitrationPage />} />
                <Route path="print/letter/:id" element={<PrintLetterPage />} />
                <Route path="print/consent/:patientId/:consentId" element={<PrintConsentFormPage />} />
                <Route path="print/disclosures/:patientId" element={<PrintAccountingPage />} />
                <Route path="print/billing/:patientId" element={<PrintBillingPage />} />
                <Route path="settings/:section?" element={<SettingsPage />} />
                <Route path="import" element={<ImportPage />} />
                <Route path="import/patients" element={<ImportPatientsPage />} />
                <Route path="import/sessions" element={<ImportSessionsPage />} />
                <Route path="*" element={<PageNotFound />} />
              </Route>
            </Routes>
          </VaultGate>
        </ErrorBoundary>
      </HashRouter>
    </QueryClientProvider>
  );
}
