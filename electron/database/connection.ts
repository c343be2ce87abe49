/**
 * The repositories of the vault's one open connection, built when it opens and dropped when it
 * closes: they hold nothing that outlives it. Worker handlers receive them.
 */
import type { Database } from '@signalapp/sqlcipher';
import { AimsRepository } from '../features/aims/repository';
import { AuditLog } from '../features/audit/repository';
import { BillingRepository } from '../features/billing/repository';
import { CalendarAlerts } from '../features/calendar/alerts';
import { AppointmentsRepository } from '../features/calendar/appointments';
import { AttendanceReports } from '../features/calendar/attendance';
import { SessionReader } from '../features/calendar/sessions';
import { ChartReader } from '../features/chart/repository';
import { ConsentsRepository } from '../features/consents/repository';
import { DiagnosesRepository } from '../features/diagnoses/repository';
import { FeedbackRepository } from '../features/feedback/repository';
import { MeasureSchedulesRepository } from '../features/feedback/schedules';
import { LettersRepository } from '../features/letters/repository';
import { MedicationsRepository } from '../features/medications/repository';
import { NotesRepository } from '../features/notes/repository';
import { OutcomesRepository } from '../features/outcomes/repository';
import { PatientsRepository } from '../features/patients/repository';
import { PlansRepository } from '../features/plans/repository';
import { ResultsRepository } from '../features/results/repository';
import { PatientSearch } from '../features/search/repository';
import { TitrationsRepository } from '../features/titrations/repository';
import { TodayRepository } from '../features/today/repository';
import { MonitoringRepository } from '../features/monitoring/repository';
import { Replication, type ReplicationHooks } from '../features/sync/replication';
import { PracticeSettingsRepository } from '../features/preferences/practice-settings';

export type Repositories = {
  db: Database;
  audit: AuditLog;
  patients: PatientsRepository;
  sessions: SessionReader;
  appointments: AppointmentsRepository;
  attendance: AttendanceReports;
  diagnoses: DiagnosesRepository;
  medications: MedicationsRepository;
  results: ResultsRepository;
  monitoring: MonitoringRepository;
  titrations: TitrationsRepository;
  notes: NotesRepository;
  chart: ChartReader;
  plans: PlansRepository;
  feedback: FeedbackRepository;
  outcomes: OutcomesRepository;
  measureSchedules: MeasureSchedulesRepository;
  alerts: CalendarAlerts;
  search: PatientSearch;
  today: TodayRepository;
  aims: AimsRepository;
  consents: ConsentsRepository;
  letters: LettersRepository;
  billing: BillingRepository;
  /** The practice's settings, the same on every device (migration 0035). */
  practice: PracticeSettingsRepository;
  /** Replication through the practice's server: the clock stamped before writes, and the exchange while the vault is open. */
  sync: Replication;
};

/** `replication`: what the worker gives replication (the vault's key, a way to tell the windows); none in tests of repositories. */
export function connect(db: Database, replication?: ReplicationHooks): Repositories {
  const audit = new AuditLog(db);
  const sessions = new SessionReader(db);
  const patients = new PatientsRepository(db, audit);
  const appointments = new AppointmentsRepository(db, sessions, audit);
  const attendance = new AttendanceReports(db, sessions);
  const diagnoses = new DiagnosesRepository(db, audit, patients);
  const medications = new MedicationsRepository(db, audit, patients);
  const results = new ResultsRepository(db, audit, patients);
  const aims = new AimsRepository(db, audit, patients);
  const notes = new NotesRepository(db, audit, patients, appointments);
  const feedback = new FeedbackRepository(db, audit, patients, appointments, sessions);
  const plans = new PlansRepository({ db, audit, patients, diagnoses, medications, feedback, appointments });
  const measureSchedules = new MeasureSchedulesRepository(db, audit, patients);
  const consents = new ConsentsRepository(db, audit, patients);
  const outcomes = new OutcomesRepository(db, audit, patients, feedback, measureSchedules);
  const alerts = new CalendarAlerts(plans, feedback, outcomes);
  const chart = new ChartReader({ db, audit, patients, sessions, attendance, diagnoses, medications, notes, plans, feedback });
  return {
    db,
    audit,
    patients,
    sessions,
    appointments,
    attendance,
    diagnoses,
    medications,
    results,
    monitoring: new MonitoringRepository(db, { patients, medications, results, aims, audit }),
    titrations: new TitrationsRepository(db, audit, patients, medications),
    notes,
    chart,
    plans,
    feedback,
    outcomes,
    measureSchedules,
    alerts,
    search: new PatientSearch(db),
    today: new TodayRepository(db, { sessions, appointments, alerts, plans, feedback, measureSchedules }),
    aims,
    consents,
    letters: new LettersRepository({ db, audit, patients, diagnoses, medications, feedback, notes, sessions, consents }),
    billing: new BillingRepository(db, audit, patients, diagnoses),
    practice: new PracticeSettingsRepository(db, audit),
    sync: new Replication(db, replication),
  };
}
