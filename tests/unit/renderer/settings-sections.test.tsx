import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { LOCAL_TABLES, REPLICATED_TABLES } from '../../../electron/features/sync/capture';
import { DEFAULT_DEVICE_PREFERENCES, PRACTICE_SETTING_KEYS, isPracticeSettingKey } from '../../../shared/preferences';
import { SettingsIndex } from '../../../renderer/settings/SettingsIndex';
import {
  DEVICE_SETTINGS_NOTE,
  PRACTICE_SETTINGS_NOTE,
  SETTINGS_SECTIONS,
  SETTINGS_SECTION_IDS,
  settingsRedirect,
  settingsSection,
  sharingNote,
  type SettingsSectionId,
} from '../../../renderer/settings/sections';

type Index = { navLabel: string | null; links: { href: string | null; current: string | null; name: string }[] };

/** The index drawn as the server would draw it, read back: its nav's name, and each link's address, current state and name. */
function read(current: SettingsSectionId): Index {
  const html = renderToStaticMarkup(
    <MemoryRouter initialEntries={[`/settings/${current}`]}>
      <SettingsIndex current={current} />
    </MemoryRouter>,
  );
  const attribute = (attributes: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? null;
  return {
    navLabel: attribute(/<nav ([^>]*)>/.exec(html)?.[1] ?? '', 'aria-label'),
    links: [...html.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map(([, attributes = '', name = '']) => ({
      href: attribute(attributes, 'href'),
      current: attribute(attributes, 'aria-current'),
      name,
    })),
  };
}

describe('Settings’ side index', () => {
  it('is a navigation landmark with a link to every section, in order, each at its own address', () => {
    const index = read('practice');
    expect(index.navLabel).toBe('Settings sections');
    expect(index.links.map((link) => link.name)).toEqual([
      'Practice',
      'Clinical rules',
      'Calendar',
      'Notes and letters',
      'Security',
      'Backups',
      'Devices and practice server',
      'Import and export',
      'Appearance',
    ]);
    expect(index.links.map((link) => link.href)).toEqual(SETTINGS_SECTION_IDS.map((id) => `/settings/${id}`));
  });

  it('marks the section shown, and only it, as the current page', () => {
    for (const id of SETTINGS_SECTION_IDS) {
      const current = read(id).links.filter((link) => link.current !== null);
      expect(current).toEqual([{ href: `/settings/${id}`, current: 'page', name: settingsSection(id).title }]);
    }
  });

  it('lands /settings on the first section, and the anchors of the old single page on the sections that now hold them', () => {
    expect(settingsRedirect(undefined, '')).toBe('/settings/practice');
    expect(settingsRedirect(undefined, '#backups')).toBe('/settings/backups#backups');
    expect(settingsRedirect(undefined, '#practice-server')).toBe('/settings/devices#practice-server');
    expect(settingsRedirect(undefined, '#sync-conflicts')).toBe('/settings/devices#sync-conflicts');
    expect(settingsRedirect(undefined, '#toString')).toBe('/settings/practice');
    expect(settingsRedirect('no-such-section', '#backups')).toBe('/settings/practice');
  });
});

describe('what each section says about who shares it', () => {
  it('puts every practice setting in exactly one section, so none is missing from the screen', () => {
    const placed = SETTINGS_SECTIONS.flatMap((section) => section.practice);
    expect([...placed].sort()).toEqual([...PRACTICE_SETTING_KEYS].sort());
  });

  it('lists as this device’s only what shared/preferences.ts keeps on the device, and places every one a person sets', () => {
    const placed = SETTINGS_SECTIONS.flatMap((section) => section.device);
    for (const key of placed) expect(isPracticeSettingKey(key), key).toBe(false);
    // Set elsewhere, not in Settings: the view the shell remembers, the calendar's own view switch, the last verified backup.
    const setElsewhere = ['lastView', 'calendarView', 'lastVerifiedBackup'];
    const setHere = Object.keys(DEFAULT_DEVICE_PREFERENCES).filter((key) => !setElsewhere.includes(key));
    expect([...placed].sort()).toEqual(setHere.sort());
  });

  it('calls shared only tables that replicate, and this device’s only tables that stay on it', () => {
    for (const section of SETTINGS_SECTIONS) {
      for (const table of section.sharedTables) expect(Object.hasOwn(REPLICATED_TABLES, table), table).toBe(true);
      for (const table of section.localTables) expect(Object.hasOwn(LOCAL_TABLES, table), table).toBe(true);
    }
  });

  it('says the practice’s sections are the same on every device, and the device’s own sections are this device’s only', () => {
    for (const id of ['practice', 'clinical', 'templates'] as const) expect(sharingNote(settingsSection(id))).toBe(PRACTICE_SETTINGS_NOTE);
    for (const id of ['security', 'backups', 'appearance'] as const) expect(sharingNote(settingsSection(id))).toBe(DEVICE_SETTINGS_NOTE);
    expect(sharingNote(settingsSection('records'))).toBeNull();
  });

  it('names which calendar settings are the practice’s and which this device’s, in the words Settings uses', () => {
    expect(sharingNote(settingsSection('calendar'))).toBe(
      'Default session length, working hours and late-cancellation window are the practice’s: the same on every device of this vault. ' +
        'Notice before a session ends and showing cancelled sessions are this device’s only.',
    );
    expect(sharingNote(settingsSection('devices'))).toMatch(/list of devices is the vault’s.*this device’s only/);
  });
});
