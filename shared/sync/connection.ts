import { z } from 'zod';
import { PAIRING_CODE_LENGTH } from './pairing-code';

/*
 * The practice server a vault replicates through (docs/sync.md): its connection details, as the
 * person types them in Settings or when a device joins. They are kept inside the vault, never in
 * preferences. TLS is required unless the server runs on this computer; a CA certificate, when
 * given, is the only authority the server's certificate may come from (pinned).
 */

export const SERVER_LIMITS = {
  hostMax: 253,
  portMin: 1,
  portMax: 65535,
  defaultPort: 5432,
  nameMax: 63,
  passwordMax: 1024,
  caCertificateMax: 64 * 1024,
  deviceNameMax: 60,
} as const;

export const SERVER_MESSAGES = {
  host: 'Enter the server’s host name or IP address',
  hostShape: 'A host name has letters, digits, dots and hyphens only (or an IP address)',
  port: `The port is a whole number from ${SERVER_LIMITS.portMin} to ${SERVER_LIMITS.portMax}`,
  database: 'Enter the database’s name',
  user: 'Enter the user Alliance connects as',
  nameLength: `At most ${SERVER_LIMITS.nameMax} characters`,
  passwordLength: `At most ${SERVER_LIMITS.passwordMax} characters`,
  caCertificate: 'Paste the CA certificate as PEM text, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----',
  tlsOffRemote: 'TLS can be turned off only for a server on this computer',
  deviceName: 'Name this device, for example “Office desktop”',
  deviceNameLength: `At most ${SERVER_LIMITS.deviceNameMax} characters`,
} as const;

export const TLS_MODES = ['required', 'off'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.trim().toLowerCase());
}

const hostSchema = z
  .string()
  .trim()
  .min(1, SERVER_MESSAGES.host)
  .max(SERVER_LIMITS.hostMax, SERVER_MESSAGES.hostShape)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9a-fA-F:.]+)$/,
    SERVER_MESSAGES.hostShape,
  );

const pemSchema = z
  .string()
  .trim()
  .max(SERVER_LIMITS.caCertificateMax, SERVER_MESSAGES.caCertificate)
  .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, SERVER_MESSAGES.caCertificate);

export const deviceNameSchema = z
  .string()
  .trim()
  .min(1, SERVER_MESSAGES.deviceName)
  .max(SERVER_LIMITS.deviceNameMax, SERVER_MESSAGES.deviceNameLength);

/** What the person types to reach the server. */
export const serverDetailsSchema = z
  .strictObject({
    host: hostSchema,
    port: z
      .number()
      .int(SERVER_MESSAGES.port)
      .min(SERVER_LIMITS.portMin, SERVER_MESSAGES.port)
      .max(SERVER_LIMITS.portMax, SERVER_MESSAGES.port),
    database: z.string().trim().min(1, SERVER_MESSAGES.database).max(SERVER_LIMITS.nameMax, SERVER_MESSAGES.nameLength),
    user: z.string().trim().min(1, SERVER_MESSAGES.user).max(SERVER_LIMITS.nameMax, SERVER_MESSAGES.nameLength),
    password: z.string().max(SERVER_LIMITS.passwordMax, SERVER_MESSAGES.passwordLength),
    tls: z.enum(TLS_MODES),
    /** PEM; when given, the server's certificate must chain to it and nothing else. */
    caCertificate: pemSchema.nullable(),
  })
  .refine((details) => details.tls === 'required' || isLoopbackHost(details.host), {
    message: SERVER_MESSAGES.tlsOffRemote,
    path: ['tls'],
  });
export type ServerDetails = z.infer<typeof serverDetailsSchema>;

/** The details shown back: never the password. */
export const serverSummarySchema = z.object({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  tls: z.enum(TLS_MODES),
  caPinned: z.boolean(),
});
export type ServerSummary = z.infer<typeof serverSummarySchema>;

/** What the pairing code field accepts: spaces and hyphens between groups are ignored, letters in either case. */
export const pairingCodeInputSchema = z
  .string()
  .transform((code) => code.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().length(PAIRING_CODE_LENGTH, 'The code has 12 characters, in three groups of four'));

/**
 * The quiet status in the shell. `waiting` counts changes not yet on the server; `unreachableSince`
 * is set from the first failed attempt until one succeeds.
 */
export const SYNC_STATES = ['not-connected', 'up-to-date', 'sending', 'unreachable', 'revoked'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** What a failed exchange with the server is called, in our words: the server's own message is never shown. */
export const SYNC_FAILURE_MESSAGES = {
  unreachable: 'The practice server could not be reached.',
  loginRefused: 'The practice server refused this user name or password.',
  tlsRefused: 'The practice server does not offer TLS, which this connection requires.',
  tlsFailed: 'The encrypted (TLS) connection to the practice server failed.',
  certificateUntrusted: 'The practice server’s certificate does not come from the certificate authority given.',
  certificateUnknown: 'The practice server’s certificate does not come from a trusted authority; paste the practice’s CA certificate.',
  certificateHost: 'The practice server’s certificate was made for another host name.',
  noDatabase: 'The practice server has no database of that name.',
  noPermission: 'This user may not create or use Alliance’s schema on the practice server.',
  newerSchema: 'The practice server was set up by a newer version of Alliance. Update Alliance on this device.',
  revoked: 'This device was removed from the practice server.',
  batchRefused:
    'A batch of changes on the practice server did not decrypt: it was changed there, or is not this vault’s. Nothing of it was applied.',
  clockDrift: 'Another device’s clock is far ahead of this one; check the date and time on both.',
  refused: 'The practice server refused the request.',
  notConnected: 'This vault is not connected to a practice server.',
} as const;
