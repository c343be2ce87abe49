import { describe, expect, it, vi } from 'vitest';
import { FilePreferenceStore, readPreferences, type PreferenceFile } from '../../../electron/preferences/electron-store';
import { DEFAULT_DEVICE_PREFERENCES, DEFAULT_PRACTICE_SETTINGS } from '../../../shared/preferences';

// electron-store itself needs a running Electron; these tests give the store a file of their own.
vi.mock('electron-store', () => ({ default: class {} }));

class InMemoryFile implements PreferenceFile {
  constructor(public store: Record<string, unknown> = {}) {}
  set(values: Record<string, unknown>): void {
    this.store = { ...this.store, ...values };
  }
  delete(key: string): void {
    const { [key]: _gone, ...rest } = this.store;
    this.store = rest;
  }
}

describe('this device’s preferences, kept in electron-store', () => {
  it('are the defaults when nothing has been saved', () => {
    expect(new FilePreferenceStore(new InMemoryFile()).get()).toEqual(DEFAULT_DEVICE_PREFERENCES);
    expect(DEFAULT_DEVICE_PREFERENCES.autoLockMinutes).toBe(10);
  });

  it('keep what the person changed', () => {
    const file = new InMemoryFile();
    const store = new FilePreferenceStore(file);
    expect(store.update({ autoLockMinutes: 5, theme: 'dark' })).toEqual({
      ...DEFAULT_DEVICE_PREFERENCES,
      autoLockMinutes: 5,
      theme: 'dark',
    });
    expect(new FilePreferenceStore(file).get()).toMatchObject({ autoLockMinutes: 5, theme: 'dark' });
  });

  it('fall back to the default for one damaged value and keep the others', () => {
    const file = new InMemoryFile({ autoLockMinutes: 'ten', theme: 'dark', lastView: 'settings' });
    expect(new FilePreferenceStore(file).get()).toEqual({
      ...DEFAULT_DEVICE_PREFERENCES,
      autoLockMinutes: 10,
      theme: 'dark',
      lastView: 'settings',
    });
  });

  it('read anything that is not an object as the defaults', () => {
    expect(readPreferences(null)).toEqual(DEFAULT_DEVICE_PREFERENCES);
    expect(readPreferences('{"theme":')).toEqual(DEFAULT_DEVICE_PREFERENCES);
  });

  it('never write a key that is not a preference', () => {
    const file = new InMemoryFile();
    const store = new FilePreferenceStore(file);
    expect(() => store.update({ theme: 'light', lastPatient: 'Ada Lovelace' } as never)).toThrow();
    expect(file.store).toEqual({});
    store.update({ theme: 'light' });
    expect(Object.keys(file.store).sort()).toEqual(Object.keys(DEFAULT_DEVICE_PREFERENCES).sort());
  });

  it('refuse an out-of-range auto-lock time', () => {
    const file = new InMemoryFile();
    expect(() => new FilePreferenceStore(file).update({ autoLockMinutes: 0 })).toThrow();
    expect(file.store).toEqual({});
  });
});

describe('the practice’s settings a device kept before they moved into the vault', () => {
  it('are offered to the vault as stored, and deleted from the file once taken', () => {
    const file = new InMemoryFile({ theme: 'dark', planReviewDays: 60, crisisContacts: 'Samaritans 116 123', feedbackAlertBelow: 'x' });
    const store = new FilePreferenceStore(file);
    expect(store.practiceToAdopt()).toEqual({ planReviewDays: 60, crisisContacts: 'Samaritans 116 123', feedbackAlertBelow: 'x' });
    expect(store.get()).not.toHaveProperty('planReviewDays');
    store.forgetPractice();
    expect(file.store).toEqual({ theme: 'dark' });
    expect(store.practiceToAdopt()).toEqual({});
  });

  it('are never written back by a change of this device’s preferences', () => {
    const file = new InMemoryFile();
    new FilePreferenceStore(file).update({ theme: 'light' });
    expect(Object.keys(file.store).filter((key) => key in DEFAULT_PRACTICE_SETTINGS)).toEqual([]);
  });
});
