import pg from 'pg';
import { AppError } from '../../../shared/errors';
import { ClockDriftError } from '../../../shared/sync/hlc';
import { SYNC_FAILURE_MESSAGES as M, type ServerDetails } from '../../../shared/sync/connection';
import { BatchRefused } from './batch-crypto';
import { DeviceRevoked } from './server';

/*
 * A connection to the practice's PostgreSQL, as the person described it (shared/sync/connection.ts),
 * and its failures in our words. TLS is required unless the server runs on this computer; a CA
 * certificate, when given, is the only authority trusted (Node's `ca` replaces the system's roots).
 * The server's own messages never pass: they can quote the user, the database or the query.
 */

const CONNECT_TIMEOUT_MS = 10_000;
/** A statement that takes longer means the server (or the network) is gone. */
const QUERY_TIMEOUT_MS = 60_000;

export function clientConfig(details: ServerDetails): pg.ClientConfig {
  return {
    host: details.host,
    port: details.port,
    database: details.database,
    user: details.user,
    password: details.password,
    ssl: details.tls === 'required' ? { rejectUnauthorized: true, ...(details.caCertificate ? { ca: details.caCertificate } : {}) } : false,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'alliance',
  };
}

/**
 * A connected client. Its `error` event (the server gone while idle) must have a listener, or it
 * would end the database worker: `onLost` hears it.
 */
export async function openClient(details: ServerDetails, onLost: () => void = () => undefined): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(details));
  let lost = false;
  const lose = () => {
    if (lost) return;
    lost = true;
    onLost();
  };
  client.on('error', lose);
  client.on('end', lose);
  try {
    await client.connect();
  } catch (error) {
    lost = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Ends a client without waiting on a server that may not answer. */
export function closeClient(client: pg.Client): Promise<void> {
  return client.end().catch(() => undefined);
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EADDRNOTAVAIL',
]);
/** PostgreSQL's SQLSTATEs for a server shutting down, starting, or full: it will answer again. */
const SERVER_GOING_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08006', '08001', '08004']);
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REJECTED',
]);

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/**
 * A failure met while talking to the server, as an AppError in our words. `pinned`: whether a CA
 * was given, which changes what an untrusted certificate means.
 */
export function syncFailure(error: unknown, pinned: boolean): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof DeviceRevoked) return new AppError('SYNC_REVOKED', M.revoked);
  if (error instanceof BatchRefused) return new AppError('SYNC_SERVER_REFUSED', M.batchRefused);
  if (error instanceof ClockDriftError) return new AppError('SYNC_SERVER_REFUSED', M.clockDrift);
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  if (UNREACHABLE_CODES.has(code) || SERVER_GOING_CODES.has(code)) return new AppError('SYNC_UNREACHABLE', M.unreachable);
  if (code === '28P01' || code === '28000') return new AppError('SYNC_LOGIN_REFUSED', M.loginRefused);
  if (code === '3D000') return new AppError('SYNC_SERVER_REFUSED', M.noDatabase);
  if (code === '42501') return new AppError('SYNC_SERVER_REFUSED', M.noPermission);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new AppError('SYNC_CERTIFICATE_UNTRUSTED', M.certificateHost);
  if (CERTIFICATE_CODES.has(code))
    return new AppError('SYNC_CERTIFICATE_UNTRUSTED', pinned ? M.certificateUntrusted : M.certificateUnknown);
  // node-postgres's own words, not the server's: it says these when the server answers TLS with "no".
  if (message === 'The server does not support SSL connections') return new AppError('SYNC_TLS_REFUSED', M.tlsRefused);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return new AppError('SYNC_TLS_REFUSED', M.tlsFailed);
  // The connection dropped, timed out or was never made (node-postgres names these without a code).
  if (
    code === '' &&
    /^(Connection terminated|timeout expired|Query read timeout|Client has encountered a connection error|Client was closed)/.test(message)
  )
    return new AppError('SYNC_UNREACHABLE', M.unreachable);
  if (/newer version of Alliance/.test(message)) return new AppError('SYNC_SERVER_REFUSED', M.newerSchema);
  return new AppError('SYNC_SERVER_REFUSED', M.refused);
}
