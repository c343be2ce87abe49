import path from 'node:path';

/** The environment variable that points the app at another data folder (tests, a second practice, a USB disk). */
export const DATA_DIR_ENV = 'ALLIANCE_DATA_DIR';

/**
 * Where the vault (key file and database) lives: `ALLIANCE_DATA_DIR` when set, otherwise
 * `vault` inside Electron's userData folder. A relative override is taken from the working folder.
 */
export function resolveDataDir(options: { env: Readonly<Record<string, string | undefined>>; userDataDir: string; cwd?: string }): string {
  const override = options.env[DATA_DIR_ENV]?.trim();
  if (override) return path.resolve(options.cwd ?? process.cwd(), override);
  return path.join(options.userDataDir, 'vault');
}
