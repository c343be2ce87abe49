/**
 * A channel is declared once (shared/channels/<feature>.ts) and answered by exactly one handler: the
 * database worker's table or the main process's, as its declaration says. Its scopes name data that
 * channels read, so a view refetching from them refetches something.
 */
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../shared/channel';
import { CHANNELS, contract } from '../../../shared/contract';
import { workerHandlers } from '../../../electron/database/worker-channels';
import { mainHandlers } from '../../../electron/ipc/main-channels';
import { PATIENT_MODE_CHANNELS } from '../../../electron/patient-mode';

const prefixOf = (channel: string) => channel.slice(0, channel.indexOf(':'));

describe('the contract and its handlers', () => {
  it('every channel has exactly one handler, where its declaration says it runs', () => {
    const worker = new Set(Object.keys(workerHandlers));
    const main = new Set(Object.keys(mainHandlers));
    for (const channel of CHANNELS) {
      const runs = contract[channel].runs;
      expect({ channel, worker: worker.has(channel), main: main.has(channel) }).toEqual({
        channel,
        worker: runs === 'worker',
        main: runs === 'main',
      });
    }
    // No handler answers a channel the contract does not declare.
    expect([...worker, ...main].filter((name) => !(CHANNELS as string[]).includes(name))).toEqual([]);
  });

  it('every declared scope is the prefix of a channel, and every channel’s prefix is a scope', () => {
    const prefixes = new Set(CHANNELS.map(prefixOf));
    expect([...SCOPES].sort()).toEqual([...prefixes].sort());
    for (const channel of CHANNELS) {
      for (const scope of [...contract[channel].changes, ...contract[channel].reads])
        expect({ channel, scope, known: prefixes.has(scope) }).toEqual({ channel, scope, known: true });
    }
  });

  it('patient mode answers only the patient’s forms (their goals in their own words among them), the practice’s crisis contacts, the activity report and a lock', () => {
    expect([...PATIENT_MODE_CHANNELS].sort()).toEqual(
      [
        'patientMode:goals',
        'patientMode:submitGoalRatings',
        'patientMode:leave',
        'patientMode:status',
        'patientMode:support',
        'patientMode:submitFeedback',
        'patientMode:submitMeasure',
        'session:activity',
        'vault:lock',
      ].sort(),
    );
  });
});
