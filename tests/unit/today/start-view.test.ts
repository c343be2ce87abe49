import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { channelQueryOptions, invalidateScopes } from '../../../renderer/bridge/queries';
import { TODAY_READS } from '../../../shared/today-reads';
import { contract } from '../../../shared/contract';
import { preferencesSchema, preferencesUpdateSchema, startViewOf } from '../../../shared/preferences';

describe('the start view', () => {
  it('is Today by default, for a new preference file and for one written before Today existed', () => {
    expect(startViewOf(preferencesSchema.parse({}))).toBe('today');
    expect(startViewOf(preferencesSchema.parse({ lastView: 'patients', theme: 'dark' }))).toBe('today');
  });

  it('is the view last used when the person chose “where I left off”', () => {
    expect(startViewOf(preferencesSchema.parse({ startView: 'last', lastView: 'patients' }))).toBe('patients');
    expect(startViewOf(preferencesSchema.parse({ startView: 'last', lastView: 'today' }))).toBe('today');
    expect(preferencesUpdateSchema.safeParse({ startView: 'calendar' }).success).toBe(false);
  });
});

describe('the day’s query', () => {
  it('is refetched by every change that can change the day: a note signed, attendance recorded, an item-9 answer acknowledged', async () => {
    const client = new QueryClient();
    // What the Today view asks for: useChannelQuery('today:get', {}, { reads: TODAY_READS }).
    const options = channelQueryOptions('today:get', {}, { reads: TODAY_READS });
    const key = options.queryKey;
    client.getQueryCache().build(client, options);
    const query = () => client.getQueryCache().find({ queryKey: key })!;
    for (const channel of ['notes:sign', 'appointments:setAttendance', 'measures:acknowledge', 'plans:agree', 'feedback:record'] as const) {
      client.setQueryData(key, { date: '2026-03-10' });
      expect(query().state.isInvalidated).toBe(false);
      await invalidateScopes(client, contract[channel].changes);
      expect({ channel, refetched: query().state.isInvalidated }).toEqual({ channel, refetched: true });
    }
    // A change elsewhere leaves it be.
    client.setQueryData(key, { date: '2026-03-10' });
    await invalidateScopes(client, contract['notes:printed'].changes);
    expect(query().state.isInvalidated).toBe(false);
    expect(contract['today:get'].reads).toEqual(TODAY_READS);
  });
});
