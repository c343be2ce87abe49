import { z } from 'zod';
import { deviceNameSchema, SERVER_LIMITS, SERVER_MESSAGES, serverDetailsSchema } from '../../shared/sync/connection';

const field = serverDetailsSchema.shape;

/**
 * What the form holds as typed, checked field by field by the shared schema's own fields (their limits
 * and messages are written once, in shared/), so every field's problem shows at once; then the whole
 * by the shared schema, whose rule that TLS may be off only on this computer lands on `server.tls`.
 */
export const connectFormSchema = z.object({
  server: z
    .object({
      host: field.host,
      port: z
        .string()
        .trim()
        .regex(/^\d{1,5}$/, SERVER_MESSAGES.port)
        .transform(Number)
        .pipe(field.port),
      database: field.database,
      user: field.user,
      password: field.password,
      tlsRequired: z.boolean(),
      caCertificate: z
        .string()
        .transform((text) => (text.trim() === '' ? null : text))
        .pipe(field.caCertificate),
    })
    .transform(({ tlsRequired, ...rest }) => ({ ...rest, tls: tlsRequired ? ('required' as const) : ('off' as const) }))
    .pipe(serverDetailsSchema),
  deviceName: deviceNameSchema,
});
export type ConnectFormValues = z.input<typeof connectFormSchema>;

export const CONNECT_DEFAULTS: ConnectFormValues = {
  server: { host: '', port: String(SERVER_LIMITS.defaultPort), database: '', user: '', password: '', tlsRequired: true, caCertificate: '' },
  deviceName: '',
};
