/**
 * Consents to share and the accounting of disclosures: the chart's Sharing tab and its printed consent
 * form and accounting as routes, and the disclosure step every outgoing copy passes through (record
 * export, printed note, printed plan, letters).
 */
import { lazyNamed } from '../components/lazyNamed';

export const SharingTab = lazyNamed(() => import('./SharingTab'), 'SharingTab');
export const PrintConsentFormPage = lazyNamed(() => import('./PrintConsentFormPage'), 'PrintConsentFormPage');
export const PrintAccountingPage = lazyNamed(() => import('./PrintAccountingPage'), 'PrintAccountingPage');

export { DisclosureStep } from './DisclosureStep';
export { useDisclosure, refusalOf, type Disclosure as DisclosureStepState } from './useDisclosure';
