import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState, type ChangeEvent } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { SERVER_LIMITS, SERVER_MESSAGES } from '../../shared/sync/connection';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { CONNECT_DEFAULTS as DEFAULTS, connectFormSchema as formSchema, type ConnectFormValues as Values } from './connect-form';

/** Host, port, database, user, password, TLS (required unless the server is on this computer), the CA to pin, and this device's name. */
export function ConnectServerForm() {
  const connect = useChannelMutation('sync:connect');
  const [failure, setFailure] = useState<string | null>(null);
  const tlsId = useId();
  const {
    register,
    handleSubmit,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: DEFAULTS,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await connect.mutateAsync(values);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  });

  async function loadCertificate(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > SERVER_LIMITS.caCertificateMax) {
      setFailure(SERVER_MESSAGES.caCertificate);
      return;
    }
    setValue('server.caCertificate', await file.text(), { shouldValidate: true });
  }

  const serverErrors = errors.server;
  const tlsError = tlsProblem(serverErrors);
  return (
    <form className="stack sync-connect" onSubmit={(event) => void submit(event)} noValidate aria-label="Connect to the practice server">
      <div className="sync-connect__row">
        <TextField
          label="Host"
          hint="The server’s name or IP address."
          autoComplete="off"
          spellCheck={false}
          error={serverErrors?.host?.message}
          {...register('server.host')}
        />
        <TextField
          label="Port"
          hint="Usually 5432."
          inputMode="numeric"
          className="input--short"
          error={serverErrors?.port?.message}
          {...register('server.port')}
        />
      </div>
      <TextField
        label="Database"
        autoComplete="off"
        spellCheck={false}
        error={serverErrors?.database?.message}
        {...register('server.database')}
      />
      <TextField label="User" autoComplete="off" spellCheck={false} error={serverErrors?.user?.message} {...register('server.user')} />
      <TextField
        label="Password"
        type="password"
        autoComplete="off"
        error={serverErrors?.password?.message}
        {...register('server.password')}
      />
      <div className={`field${tlsError ? ' field--invalid' : ''}`}>
        <label className="checkbox" htmlFor={tlsId}>
          <input
            id={tlsId}
            type="checkbox"
            aria-describedby={tlsError ? `${tlsId}-error` : undefined}
            {...register('server.tlsRequired')}
          />
          Require an encrypted connection (TLS)
        </label>
        {tlsError ? (
          <p className="field__error" id={`${tlsId}-error`}>
            {tlsError}
          </p>
        ) : null}
      </div>
      <TextAreaField
        label="The server’s CA certificate"
        optional
        hint="Paste it as PEM text, or load the file. When given, the server’s certificate must come from this authority and no other."
        rows={3}
        spellCheck={false}
        className="sync-facts__mono"
        error={serverErrors?.caCertificate?.message}
        {...register('server.caCertificate')}
      />
      <label className="button button--secondary button--small sync-connect__load">
        Load a certificate file…
        <input
          type="file"
          accept=".pem,.crt,.cer,text/plain"
          className="visually-hidden"
          onChange={(event) => void loadCertificate(event)}
        />
      </label>
      <TextField
        label="This device’s name"
        hint="How the other devices of the vault will name this one, for example “Office desktop”."
        maxLength={SERVER_LIMITS.deviceNameMax}
        error={errors.deviceName?.message}
        {...register('deviceName')}
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? 'Connecting…' : 'Connect'}
        </button>
      </div>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
    </form>
  );
}

/** The shared schema's refinement that TLS may be off only on this computer is reported on `server.tls`, a path the form has no field of. */
function tlsProblem(errors: unknown): string | undefined {
  if (typeof errors !== 'object' || errors === null || !('tls' in errors)) return undefined;
  const tls = errors.tls;
  return typeof tls === 'object' && tls !== null && 'message' in tls && typeof tls.message === 'string' ? tls.message : undefined;
}
