/**
 * Every worker channel's handler, from the features' own tables. Checked against the contract: a
 * worker channel without its handler does not compile.
 */
import type { WorkerChannel } from '../../shared/contract';
import { aimsWorker } from '../features/aims/worker';
import { auditWorker } from '../features/audit/worker';
import { billingWorker } from '../features/billing/worker';
import { calendarWorker } from '../features/calendar/worker';
import { chartWorker } from '../features/chart/worker';
import { consentsWorker } from '../features/consents/worker';
import { diagnosesWorker } from '../features/diagnoses/worker';
import { exportsWorker } from '../features/exports/worker';
import { feedbackWorker } from '../features/feedback/worker';
import type { WorkerHandlers } from '../features/handlers';
import { importWorker } from '../features/import/worker';
import { lettersWorker } from '../features/letters/worker';
import { medicationsWorker } from '../features/medications/worker';
import { monitoringWorker } from '../features/monitoring/worker';
import { notesWorker } from '../features/notes/worker';
import { outcomesWorker } from '../features/outcomes/worker';
import { patientsWorker } from '../features/patients/worker';
import { plansWorker } from '../features/plans/worker';
import { preferencesWorker } from '../features/preferences/worker';
import { resultsWorker } from '../features/results/worker';
import { searchWorker } from '../features/search/worker';
import { conflictsWorker } from '../features/sync/conflicts';
import { devicesWorker } from '../features/sync/devices';
import { pairingWorker } from '../features/sync/pairing-worker';
import { syncWorker } from '../features/sync/worker';
import { titrationsWorker } from '../features/titrations/worker';
import { todayWorker } from '../features/today/worker';

export const workerHandlers = {
  ...patientsWorker,
  ...calendarWorker,
  ...chartWorker,
  ...diagnosesWorker,
  ...medicationsWorker,
  ...resultsWorker,
  ...monitoringWorker,
  ...titrationsWorker,
  ...notesWorker,
  ...searchWorker,
  ...auditWorker,
  ...plansWorker,
  ...feedbackWorker,
  ...outcomesWorker,
  ...todayWorker,
  ...importWorker,
  ...exportsWorker,
  ...aimsWorker,
  ...lettersWorker,
  ...consentsWorker,
  ...billingWorker,
  ...syncWorker,
  ...devicesWorker,
  ...conflictsWorker,
  ...pairingWorker,
  ...preferencesWorker,
} satisfies WorkerHandlers<WorkerChannel>;
