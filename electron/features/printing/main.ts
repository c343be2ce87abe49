import type { printingChannels } from '../../../shared/channels/printing';
import type { MainChannelsOf, MainHandlers } from '../handlers';

export const printingMain: MainHandlers<MainChannelsOf<typeof printingChannels>> = {
  'print:window': async ({ target, suggestedFileName }, _services, { printer }) => ({
    outcome: await printer.print(target, suggestedFileName),
  }),
};
