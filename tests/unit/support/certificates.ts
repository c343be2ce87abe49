/**
 * Self-signed certificates for the tests of TLS to the practice's server, made with the openssl
 * command line (no library of ours writes certificates). A self-signed certificate given as the CA
 * to pin is its own authority; another one is not.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Certificate = { certificate: string; key: string };

/** A certificate for the server at 127.0.0.1 (its subject alternative name), valid for a day. */
export async function selfSignedCertificate(commonName: string): Promise<Certificate> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-cert-'));
  try {
    const [keyFile, certificateFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyFile,
      '-out',
      certificateFile,
    ]);
    return { certificate: (await readFile(certificateFile, 'utf8')).trim(), key: await readFile(keyFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
