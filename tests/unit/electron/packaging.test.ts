/**
 * The packaging configuration electron-builder reads on a machine with internet. Nothing here can
 * package the app, so the test reads the file it will be given and checks what it asks for.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const CONFIG_PATH = fileURLToPath(new URL('../../../build/electron-builder.yml', import.meta.url));
const config = parse(readFileSync(CONFIG_PATH, 'utf8')) as Record<string, unknown>;
const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;

describe('the packaged Electron binary', () => {
  it('ignores ELECTRON_RUN_AS_NODE, so it cannot be run as a plain Node', () => {
    expect(fuses.runAsNode).toBe(false);
  });

  it('ignores NODE_OPTIONS and the --inspect arguments, so no code or debugger can be attached from outside', () => {
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
  });

  it('loads the app only from an app.asar whose hash it checks', () => {
    expect(config.asar).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
  });

  it('gives file:// no privileges beyond a browser’s', () => {
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('encrypts any cookie store on disk and keeps Electron’s own V8 snapshot', () => {
    expect(fuses.enableCookieEncryption).toBe(true);
    expect(fuses.loadBrowserProcessSpecificV8Snapshot).toBe(false);
  });

  it('names no fuse electron-builder does not know, so a misspelt one cannot go unnoticed', () => {
    expect(Object.keys(fuses).sort()).toEqual(
      [
        'enableCookieEncryption',
        'enableEmbeddedAsarIntegrityValidation',
        'enableNodeCliInspectArguments',
        'enableNodeOptionsEnvironmentVariable',
        'grantFileProtocolExtraPrivileges',
        'loadBrowserProcessSpecificV8Snapshot',
        'onlyLoadAppFromAsar',
        'runAsNode',
      ].sort(),
    );
  });
});
