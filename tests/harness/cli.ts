/**
 * `npm run harness -- --data-dir DIR [--port N]`: serves the real renderer and handlers on
 * 127.0.0.1 for working on screens in any browser, until Ctrl+C.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHarness } from './server';

const USAGE = `Usage: npm run harness -- --data-dir DIR [--port N]

  --data-dir DIR  the vault folder to use (created if missing). Use a scratch folder,
                  never the folder of a real practice.
  --port N        the port on 127.0.0.1 (default: any free port)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { dataDir: string; port: number } {
  let values: { 'data-dir'?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dataDir = values['data-dir'];
  if (!dataDir) fail('Missing --data-dir.');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  return { dataDir: path.resolve(dataDir), port };
}

const { dataDir, port } = parse();
console.log('Building if needed…');
const harness = await startHarness({ dataDir, port }).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`The harness could not start: ${message}`);
  process.exit(1);
});

console.log(`Alliance harness serving ${dataDir}`);
console.log(`Open: ${harness.url}`);
console.log('Press Ctrl+C to lock the vault and stop.');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await harness.close();
  console.log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
