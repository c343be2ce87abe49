import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../electron/data-dir';

const userDataDir = path.join('/home', 'doctor', '.config', 'Alliance');

describe('the data folder', () => {
  it('is vault inside Electron’s userData by default', () => {
    expect(resolveDataDir({ env: {}, userDataDir })).toBe(path.join(userDataDir, 'vault'));
  });

  it('is the folder ALLIANCE_DATA_DIR names when it is set', () => {
    expect(resolveDataDir({ env: { ALLIANCE_DATA_DIR: '/media/usb/practice' }, userDataDir })).toBe(path.resolve('/media/usb/practice'));
  });

  it('takes a relative ALLIANCE_DATA_DIR from the working folder', () => {
    expect(resolveDataDir({ env: { ALLIANCE_DATA_DIR: 'test-vault' }, userDataDir, cwd: '/srv/alliance' })).toBe(
      path.resolve('/srv/alliance', 'test-vault'),
    );
  });

  it('ignores an empty ALLIANCE_DATA_DIR', () => {
    expect(resolveDataDir({ env: { ALLIANCE_DATA_DIR: '  ' }, userDataDir })).toBe(path.join(userDataDir, 'vault'));
  });
});
