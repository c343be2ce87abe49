import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/*
 * A vault restored from a backup must not go on as the device it was backed up from (docs/sync.md, A
 * restored backup): the server already holds that device's later batches, under the same numbers the
 * restored vault would give its own. The restore leaves this mark beside the vault, naming the device
 * id the restored vault takes; the worker gives the vault that id when it next opens it, and removes
 * the mark once the server has registered the new device (or when the vault is not connected). Until
 * then every open finds the mark again, and finds the vault already under that id. It names an opaque
 * id, nothing clinical.
 */

export const RESTORED_DEVICE_MARK = '.alliance-restored-device.json';

const markSchema = z.strictObject({ deviceId: z.string().regex(/^[0-9a-f]{32}$/) });

/** Written, flushed, by the restore before the backup's key file (what makes it a vault) is put in place. */
export async function markRestoredDevice(dataDir: string): Promise<void> {
  const handle = await open(path.join(dataDir, RESTORED_DEVICE_MARK), 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ deviceId: randomBytes(16).toString('hex') })}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The device id the vault in `dataDir` takes, or null when it was not just restored. */
export function readRestoredDeviceMark(dataDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, RESTORED_DEVICE_MARK), 'utf8');
  } catch {
    return null;
  }
  try {
    return markSchema.parse(JSON.parse(text)).deviceId;
  } catch {
    // Written whole and flushed before the key file moved in: a torn mark is one the restore never finished.
    return null;
  }
}

export function clearRestoredDeviceMark(dataDir: string): void {
  rmSync(path.join(dataDir, RESTORED_DEVICE_MARK), { force: true });
}
