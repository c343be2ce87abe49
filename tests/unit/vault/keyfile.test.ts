import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, parseKeyFile, sealKeyFile, type KeyFile } from '../../../electron/vault/keyfile';
import { folderFingerprint, NEW_PASSPHRASE, openTempVault, PASSPHRASE, setUp, type TempVault } from '../support/temp-vault';

const opened: TempVault[] = [];
afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
});

/** A locked vault whose key file has been changed by `tamper`, reopened as after a restart. */
async function vaultWithKeyFile(tamper: (text: string) => string): Promise<TempVault> {
  const original = await openTempVault();
  opened.push(original);
  await setUp(original);
  await original.core.close();
  const file = path.join(original.dir, KEY_FILE_NAME);
  await writeFile(file, tamper(await readFile(file, 'utf8')));
  const reopened = await openTempVault({ dir: original.dir });
  opened.push(reopened);
  return reopened;
}

function editJson(edit: (keyFile: KeyFile) => void): (text: string) => string {
  return (text) => {
    const keyFile = JSON.parse(text) as KeyFile;
    edit(keyFile);
    return JSON.stringify(keyFile, null, 2);
  };
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

const tamperings: { name: string; tamper: (text: string) => string; message: RegExp }[] = [
  {
    name: 'one byte of the wrapped key flipped',
    tamper: editJson((k) => {
      k.slots.passphrase.wrappedKey = flipFirstByte(k.slots.passphrase.wrappedKey);
    }),
    message: /checksum does not match/,
  },
  {
    name: 'the scrypt cost changed',
    tamper: editJson((k) => {
      k.slots.passphrase.params.N = 32768;
    }),
    message: /checksum does not match/,
  },
  { name: 'the file truncated', tamper: (text) => text.slice(0, Math.floor(text.length / 2)), message: /not readable JSON/ },
  { name: 'garbage instead of JSON', tamper: () => '\u0000\u0001garbage{{', message: /not readable JSON/ },
  { name: 'a JSON array', tamper: () => '[1, 2, 3]', message: /does not hold a key file/ },
  {
    name: 'an unknown future version',
    tamper: editJson((k) => {
      Object.assign(k, { version: 2 });
    }),
    message: /newer version of Alliance.*Update Alliance/,
  },
  {
    name: 'a salt of the wrong length',
    tamper: editJson((k) => {
      k.slots.recovery.salt = Buffer.alloc(4).toString('base64');
    }),
    message: /slots\.recovery\.salt must be 16 bytes/,
  },
  {
    name: 'a missing slot',
    tamper: editJson((k) => {
      Reflect.deleteProperty(k.slots, 'recovery');
    }),
    message: /slots\.recovery/,
  },
];

describe('a tampered or damaged key file', () => {
  for (const { name, tamper, message } of tamperings) {
    it(`with ${name} says VAULT_DAMAGED plainly, leaves the files untouched and refuses set-up`, async () => {
      const vault = await vaultWithKeyFile(tamper);
      const before = await folderFingerprint(vault.dir);

      const status = await vault.call('vault:status', {});
      expect(status.state).toBe('damaged');
      expect(status.message).toMatch(message);
      expect(status.message).toMatch(/^The key file/);

      const unlock = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
      expect(unlock.code).toBe('VAULT_DAMAGED');
      expect(unlock.message).toMatch(message);
      expect((await vault.refuse('vault:prepareSetup', { passphrase: NEW_PASSPHRASE })).code).toBe('VAULT_EXISTS');
      expect(await vault.refuse('vault:confirmSetup', {})).toMatchObject({ code: 'VAULT_NOT_SET_UP' });
      expect(await folderFingerprint(vault.dir)).toEqual(before);
    });
  }
});

describe('authenticated wraps', () => {
  it('a wrapped key altered with a recomputed checksum fails as a wrong passphrase, not a crash', async () => {
    const vault = await vaultWithKeyFile((text) => {
      const keyFile = parseKeyFile(text);
      const slots = {
        ...keyFile.slots,
        passphrase: { ...keyFile.slots.passphrase, wrappedKey: flipFirstByte(keyFile.slots.passphrase.wrappedKey) },
      };
      return JSON.stringify(sealKeyFile({ createdAt: keyFile.createdAt, updatedAt: keyFile.updatedAt, slots }));
    });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
    expect((await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
  });

  it('the two slots cannot be swapped: each wrap is bound to its slot name', async () => {
    const vault = await vaultWithKeyFile((text) => {
      const keyFile = parseKeyFile(text);
      const slots = { passphrase: keyFile.slots.passphrase, recovery: keyFile.slots.passphrase };
      return JSON.stringify(sealKeyFile({ createdAt: keyFile.createdAt, updatedAt: keyFile.updatedAt, slots }));
    });
    // The passphrase still opens its own slot; the same wrap under the recovery name opens nothing.
    const recovery = await vault.refuse('vault:recover', {
      recoveryCode: '0000-0000-0000-0000-0000-0000-0000-0000',
      newPassphrase: NEW_PASSPHRASE,
    });
    expect(recovery.code).toBe('WRONG_RECOVERY_CODE');
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
  });

  it('the key file is readable JSON naming its KDF, parameters and ciphers, written for its owner only', async () => {
    const vault = await openTempVault({ realKeyDerivation: true });
    opened.push(vault);
    await setUp(vault);
    const file = path.join(vault.dir, KEY_FILE_NAME);
    const keyFile = parseKeyFile(await readFile(file, 'utf8'));
    expect(keyFile).toMatchObject({ format: 'alliance-keyfile', version: 1 });
    for (const slot of [keyFile.slots.passphrase, keyFile.slots.recovery]) {
      expect(slot).toMatchObject({ kdf: 'scrypt', params: { N: 65536, r: 8, p: 1, keyLength: 32 }, cipher: 'aes-256-gcm' });
    }
    expect(keyFile.slots.passphrase.salt).not.toBe(keyFile.slots.recovery.salt);
    const { stat } = await import('node:fs/promises');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
