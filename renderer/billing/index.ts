/**
 * Superbills and payments: the chart's Billing section, the printed superbill and statement, the
 * practice's money view and the fee schedule in Settings.
 */
import { lazyNamed } from '../components/lazyNamed';

export const BillingTab = lazyNamed(() => import('./BillingTab'), 'BillingTab');
export const PrintBillingPage = lazyNamed(() => import('./PrintBillingPage'), 'PrintBillingPage');
export const PracticeMoneyPage = lazyNamed(() => import('./PracticeMoneyPage'), 'PracticeMoneyPage');
export const FeeSchedule = lazyNamed(() => import('./FeeSchedule'), 'FeeSchedule');
export { printBillingPath, billingTabPath } from './paths';
