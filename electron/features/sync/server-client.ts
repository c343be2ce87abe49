import pg from 'pg';
import { AppError } from '../../../shared/errors';
import { isLoopbackHost, type ServerDetails } from '../../../shared/sync/connection';

/*
 * A connection to the practice's PostgreSQL from the details a person typed (shared/sync/connection.ts):
 * TLS verified against the system's authorities, or against the pinned CA alone when one is given; off
 * only for a server on this computer. Failures are told in our words, never in the server's.
 */

const CONNECT_TIMEOUT_MS = 10_000;

export function clientConfig(details: ServerDetails): pg.ClientConfig {
  const tls = details.tls === 'required' || !isLoopbackHost(details.host);
  return {
    host: details.host,
    port: details.port,
    database: details.database,
    user: details.user,
    password: details.password,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ssl: tls ? { rejectUnauthorized: true, ...(details.caCertificate ? { ca: details.caCertificate } : {}) } : false,
  };
}

function where(details: ServerDetails): string {
  return `${details.host}:${details.port}`;
}

/** What went wrong reaching the server, as a person can act on it. */
export function serverFailure(error: unknown, details: ServerDetails): AppError {
  if (error instanceof AppError) return error;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === '28P01' || code === '28000')
    return new AppError('SERVER_UNREACHABLE', `The server at ${where(details)} refused the user name or password.`);
  if (code === '3D000') return new AppError('SERVER_UNREACHABLE', `The server at ${where(details)} has no database by that name.`);
  if (code === '42501')
    return new AppError('SERVER_UNREACHABLE', `The user may not create or use Alliance’s tables on the server at ${where(details)}.`);
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))
    return new AppError(
      'SERVER_UNREACHABLE',
      `The server at ${where(details)} did not show a certificate from the pinned authority: Alliance did not connect.`,
    );
  if (error instanceof Error && /does not support SSL/i.test(error.message))
    return new AppError('SERVER_UNREACHABLE', `The server at ${where(details)} does not offer TLS, which Alliance requires.`);
  return new AppError('SERVER_UNREACHABLE', `The server at ${where(details)} could not be reached. Check the address and the network.`);
}

/** An open connection, or the reason there is none. */
export async function openServerClient(details: ServerDetails): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(details));
  // A connection that drops later is reported by the query that finds it gone.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw serverFailure(error, details);
  }
}
