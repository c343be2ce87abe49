/** What a window refetches when another device's changes are applied: every replicated table names the views it feeds. */
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../shared/channel';
import { REPLICATED_TABLES, scopesOfTables, TABLE_SCOPES } from '../../../electron/features/sync/capture';

describe('the scopes a received change refreshes', () => {
  it('names, for every replicated table and no other, views that exist', () => {
    expect(Object.keys(TABLE_SCOPES).sort()).toEqual(Object.keys(REPLICATED_TABLES).sort());
    for (const [table, scopes] of Object.entries(TABLE_SCOPES)) {
      expect({ table, empty: scopes.length === 0 }).toEqual({ table, empty: false });
      for (const scope of scopes) expect(SCOPES).toContain(scope);
    }
  });

  it('refreshes the chart and the patient list for a patient, and every record view for a table it does not know', () => {
    expect(scopesOfTables(['patients'])).toEqual(expect.arrayContaining(['patients', 'chart']));
    expect(scopesOfTables(['patients', 'notes']).filter((scope) => scope === 'chart')).toHaveLength(1);
    expect(scopesOfTables(['a_table_added_later'])).toEqual(expect.arrayContaining(['patients', 'notes', 'billing', 'letters']));
  });
});
