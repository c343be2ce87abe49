import type { billingChannels } from '../../../shared/channels/billing';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const billingWorker: WorkerHandlers<WorkerChannelsOf<typeof billingChannels>> = {
  'billing:account': ({ patientId }, env, { billing }) => billing.account(patientId, env),
  'billing:fees': (_input, _env, { billing }) => billing.fees(),
  'billing:setFees': (input, { currency, now }, { billing }) => billing.setFees(input, currency, now),
  'billing:code': (input, env, { billing }) => billing.code(input, env),
  'billing:chargeInError': ({ id, reason }, { now }, { billing }) => billing.chargeInError(id, reason, now),
  'billing:recordPayment': (input, { currency, now }, { billing }) => billing.recordPayment(input, currency, now),
  'billing:paymentInError': ({ id, reason }, { now }, { billing }) => billing.paymentInError(id, reason, now),
  'billing:document': (input, { currency }, { billing }) => billing.document(input, currency),
  'billing:printed': ({ patientId }, { now }, { billing }) => {
    billing.printed(patientId, now);
    return null;
  },
  'billing:practice': (_input, { currency }, { billing }) => billing.practice(currency),
};
