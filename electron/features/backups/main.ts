import type { backupsChannels } from '../../../shared/channels/backups';
import type { HandlerServices } from '../../ipc/services';
import type { MainChannelsOf, MainHandlers } from '../handlers';

async function status({ backups, database }: HandlerServices) {
  const { holdsRecords } = await database.call('backup.holdsRecords', {});
  return backups.status(holdsRecords);
}

export const backupsMain: MainHandlers<MainChannelsOf<typeof backupsChannels>> = {
  'backups:status': (_input, services) => status(services),
  'backups:chooseFolder': async (_input, services, { folders }) => {
    const outcome = await services.backups.chooseFolder(folders);
    return { outcome, status: await status(services) };
  },
  'backups:backUpNow': async (_input, services) => {
    await services.backups.backUpNow();
    return status(services);
  },
};
