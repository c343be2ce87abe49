/**
 * The practice's settings on two devices of one vault, replicating through a real PostgreSQL
 * (tests/unit/support/sync-devices.ts): a setting changed on the laptop is the desktop's too, and the
 * same setting changed on both at once is one conflict a person looks at, which Replace settles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { eventually, pairDevices, type PairedDevices } from '../support/sync-devices';
import type { TempVault } from '../support/temp-vault';

let cluster: PostgresCluster;
let devices: PairedDevices;
let laptop: TempVault;
let desktop: TempVault;

beforeAll(async () => {
  cluster = await startPostgres();
  devices = await pairDevices(cluster);
  ({ laptop, desktop } = devices);
}, 60_000);

afterAll(async () => {
  await devices?.dispose();
  await cluster?.stop();
});

describe('the practice’s settings on two devices', () => {
  it('changed on the laptop are the desktop’s too: Settings, the crisis contacts a patient is shown, and the windows told', async () => {
    desktop.events.length = 0;
    await laptop.call('preferences:update', { planReviewDays: 60, crisisContacts: 'Samaritans 116 123', theme: 'dark' });
    await eventually(async () => {
      await desktop.call('sync:syncNow', {});
      expect(await desktop.call('preferences:get', {})).toMatchObject({ planReviewDays: 60, crisisContacts: 'Samaritans 116 123' });
    });
    // The theme is the laptop's own.
    expect((await desktop.call('preferences:get', {})).theme).toBe('system');
    expect(desktop.events.some((event) => event.type === 'data:changed' && event.scopes.includes('preferences'))).toBe(true);
  });

  it('changed on both at once give one conflict naming the setting and both values, which Replace settles on both', async () => {
    await cluster.pause();
    try {
      await laptop.call('preferences:update', { planReviewDays: 30 });
      await desktop.call('preferences:update', { planReviewDays: 120 });
    } finally {
      await cluster.resume();
    }
    const kept = await eventually(async () => {
      await laptop.call('sync:syncNow', {});
      await desktop.call('sync:syncNow', {});
      const [onLaptop, onDesktop] = await Promise.all([laptop, desktop].map((vault) => vault.call('preferences:get', {})));
      expect(onLaptop?.planReviewDays).toBe(onDesktop?.planReviewDays);
      const conflicts = await laptop.call('sync:conflicts', {});
      expect(conflicts).toHaveLength(1);
      return { days: onLaptop?.planReviewDays, conflicts };
    }, 20_000);
    expect([30, 120]).toContain(kept.days);
    const [winner, loser] = kept.days === 30 ? ['Laptop', 'Office desktop'] : ['Office desktop', 'Laptop'];
    const other = kept.days === 30 ? 120 : 30;
    expect(kept.conflicts[0]).toMatchObject({
      kind: 'concurrent-edit',
      patientId: null,
      record: 'The practice’s settings',
      field: 'Plan review interval',
      current: { value: `${kept.days} days`, device: winner },
      other: { value: `${other} days`, device: loser },
      canReplace: true,
    });

    expect(await laptop.call('sync:resolveConflict', { id: kept.conflicts[0]?.id ?? 0, choice: 'replace' })).toEqual([]);
    expect((await laptop.call('preferences:get', {})).planReviewDays).toBe(other);
    await eventually(async () => {
      await laptop.call('sync:syncNow', {});
      await desktop.call('sync:syncNow', {});
      expect((await desktop.call('preferences:get', {})).planReviewDays).toBe(other);
    });
    // A setting the other device did not touch was never in question.
    expect((await desktop.call('preferences:get', {})).crisisContacts).toBe('Samaritans 116 123');
  });
});
