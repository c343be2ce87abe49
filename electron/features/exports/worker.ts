import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { exportsChannels } from '../../../shared/channels/exports';
import { SAVED_FILE_MAX_CHARACTERS } from '../../../shared/channels/files';
import { AppError } from '../../../shared/errors';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';
import { chartResources, practitionerResource } from './fhir';
import { practiceExportProgress } from './practice';
import { readChart } from './record';

const EXPORT_ACTIONS = { pdf: 'record.export-pdf', printer: 'record.print', fhir: 'record.export-fhir' } as const;

export const exportsWorker: WorkerHandlers<WorkerChannelsOf<typeof exportsChannels>> = {
  'exports:patientBundle': ({ patientId }, { now, clinician, timeZone, ruptureRule }, repositories) => {
    const chart = readChart(repositories, patientId, now, { timeZone, ruptureRule });
    const resources: Resource[] = [practitionerResource(clinician), ...chartResources(chart)];
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: now,
      entry: resources.map((resource) => ({ resource })),
    };
    const json = JSON.stringify(bundle, null, 1);
    if (json.length > SAVED_FILE_MAX_CHARACTERS)
      throw new AppError(
        'CONFLICT',
        'This record is too large to save as one FHIR file. Export the whole practice instead: it writes one file per kind of record.',
      );
    repositories.audit.touch(now, { action: 'chart.open', recordType: 'patient', recordId: patientId, patientId });
    return { json };
  },
  'exports:patientExported': ({ patientId, format }, { now }, { audit, patients }) => {
    patients.require(patientId);
    audit.append(now, { action: EXPORT_ACTIONS[format], recordType: 'patient', recordId: patientId, patientId });
    return { recorded: true };
  },
  'exports:practiceProgress': () => practiceExportProgress(),
};
