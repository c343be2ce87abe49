import type { exportsChannels } from '../../../shared/channels/exports';
import type { MainChannelsOf, MainHandlers } from '../handlers';
import { environment } from '../../ipc/services';

export const exportsMain: MainHandlers<MainChannelsOf<typeof exportsChannels>> = {
  /** The folder comes from the system's dialog, here in the main process; the worker writes into it. */
  'exports:practice': async (_input, services, { folders }) => {
    const folder = await folders.choose('export-destination');
    if (folder === undefined) return { outcome: 'cancelled' };
    const { now, timeZone, clinician } = environment(services);
    const summary = await services.database.call('exports.practice', { folder, now, timeZone, practitioner: clinician });
    return { outcome: 'exported', ...summary };
  },
};
