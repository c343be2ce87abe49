import type { exportsChannels } from '../../../shared/channels/exports';
import { signatureName } from '../../../shared/preferences';
import type { MainChannelsOf, MainHandlers } from '../handlers';
import { environment } from '../../ipc/services';

export const exportsMain: MainHandlers<MainChannelsOf<typeof exportsChannels>> = {
  /** The folder comes from the system's dialog, here in the main process; the worker writes into it. */
  'exports:practice': async (_input, services, { folders }) => {
    const folder = await folders.choose('export-destination');
    if (folder === undefined) return { outcome: 'cancelled' };
    const moment = environment(services);
    const practice = await services.database.run('preferences:practice', {}, moment);
    const practitioner = { name: practice.clinicianName, credentials: practice.clinicianCredentials };
    const summary = await services.database.call('exports.practice', { folder, ...moment, practitioner });
    return { outcome: 'exported', ...summary };
  },
  /** The letterhead is the practice's, from its settings in the vault; the worker writes the PDF. */
  'exports:patientPdf': async ({ patientId, locale }, services) => {
    const preferences = await services.database.run('preferences:practice', {}, environment(services));
    return services.database.call('exports.recordPdf', {
      patientId,
      now: new Date(services.now()).toISOString(),
      locale: locale ?? 'en-GB',
      // The practice has no paper preference yet: A4, as the app's other printed pages default to.
      paper: 'A4',
      letterhead: {
        practiceName: preferences.practiceName,
        practiceAddress: preferences.practiceAddress,
        practicePhone: preferences.practicePhone,
        clinician: signatureName(preferences),
      },
    });
  },
};
