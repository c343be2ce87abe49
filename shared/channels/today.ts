import { channel, empty } from '../channel';
import { todaySchema } from '../today';
import { TODAY_READS } from '../today-reads';

/* The Today view: the day's sessions and the work still open, in one call that changes nothing. */

export const todayChannels = {
  'today:get': channel({ input: empty, output: todaySchema, needsVault: true, reads: TODAY_READS }),
};
