/**
 * A vault driven in a child process, so a test can kill it with SIGKILL at any moment, as a power
 * cut or a crash would. Bundled and run by tests/unit/support/child-process.ts.
 *
 *   setup <dir>: sets up a vault, saying "confirming" just before the recovery sheet is confirmed.
 *   write <dir>: unlocks and creates patients without end, saying "ack <familyName>" after each one
 *                the vault acknowledged.
 */
import { createAppCore } from '../../../electron/app-core';
import type { CallContext } from '../../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../../electron/preferences/store';
import { PASSPHRASE, TEST_SCRYPT } from './vault-constants';

const [mode, dir, workerPath] = process.argv.slice(2);
if (!mode || !dir || !workerPath) throw new Error('usage: vault-child setup|write <dir> <worker>');

const core = createAppCore({ dataDir: dir, preferences: new MemoryPreferenceStore(), workerPath, scrypt: TEST_SCRYPT });
const context: CallContext = {
  printer: { print: async () => 'cancelled' },
  files: { save: async () => 'cancelled' },
  folders: { choose: async () => undefined },
};

async function call(channel: string, input: unknown): Promise<unknown> {
  const result = await core.handle(channel, input, context);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  if (mode === 'setup') {
    await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    say('confirming');
    await call('vault:confirmSetup', {});
    say('confirmed');
    await core.close();
  } else {
    await call('vault:unlock', { passphrase: PASSPHRASE });
    say('unlocked');
    for (let n = 0; ; n += 1) {
      const familyName = `Kill${process.pid}x${n}`;
      await call('patients:create', {
        patient: { givenName: 'Ack', familyName, preferredName: '', dateOfBirth: '1980-01-01', phone: '', email: '' },
      });
      say(`ack ${familyName}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
