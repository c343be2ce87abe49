import { describe, expect, it } from 'vitest';
import { CONNECT_DEFAULTS, connectFormSchema, type ConnectFormValues } from '../../../renderer/sync/connect-form';
import { SERVER_MESSAGES } from '../../../shared/sync/connection';

const filled: ConnectFormValues = {
  server: {
    host: 'db.practice.example',
    port: '5433',
    database: 'alliance',
    user: 'alliance',
    password: 'secret',
    tlsRequired: true,
    caCertificate: '',
  },
  deviceName: 'Office desktop',
};

/** The problem shown under each field: its first, as the form's resolver shows it. */
function problems(values: ConnectFormValues): Record<string, string> {
  const result = connectFormSchema.safeParse(values);
  if (result.success) return {};
  const shown: Record<string, string> = {};
  for (const issue of result.error.issues) shown[issue.path.join('.')] ??= issue.message;
  return shown;
}

describe('the practice server’s connect form', () => {
  it('names every missing field at once, under its own field', () => {
    expect(problems(CONNECT_DEFAULTS)).toEqual({
      'server.host': SERVER_MESSAGES.host,
      'server.database': SERVER_MESSAGES.database,
      'server.user': SERVER_MESSAGES.user,
      deviceName: SERVER_MESSAGES.deviceName,
    });
  });

  it('turns what was typed into the channel’s input: the port a number, TLS required, no CA when none was pasted', () => {
    expect(connectFormSchema.parse(filled)).toEqual({
      server: {
        host: 'db.practice.example',
        port: 5433,
        database: 'alliance',
        user: 'alliance',
        password: 'secret',
        tls: 'required',
        caCertificate: null,
      },
      deviceName: 'Office desktop',
    });
  });

  it('refuses a port that is not a whole number in range, and a CA that is not a certificate', () => {
    expect(problems({ ...filled, server: { ...filled.server, port: '54 32' } })).toEqual({ 'server.port': SERVER_MESSAGES.port });
    expect(problems({ ...filled, server: { ...filled.server, port: '70000' } })).toEqual({ 'server.port': SERVER_MESSAGES.port });
    expect(problems({ ...filled, server: { ...filled.server, caCertificate: 'not a certificate' } })).toEqual({
      'server.caCertificate': SERVER_MESSAGES.caCertificate,
    });
  });

  it('lets TLS be turned off only for a server on this computer, and says so under the TLS choice', () => {
    expect(problems({ ...filled, server: { ...filled.server, tlsRequired: false } })).toEqual({
      'server.tls': SERVER_MESSAGES.tlsOffRemote,
    });
    expect(problems({ ...filled, server: { ...filled.server, host: '127.0.0.1', tlsRequired: false } })).toEqual({});
  });
});
