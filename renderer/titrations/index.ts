/**
 * Titration and taper schedules: the builder and the schedule as chart routes, the patient's printed
 * copy, and the planned changes the chart's Medications tab shows for confirming.
 */
import { lazyNamed } from '../components/lazyNamed';

export const TitrationBuilderPage = lazyNamed(() => import('./TitrationBuilderPage'), 'TitrationBuilderPage');
export const TitrationPage = lazyNamed(() => import('./TitrationPage'), 'TitrationPage');
export const PrintTitrationPage = lazyNamed(() => import('./PrintTitrationPage'), 'PrintTitrationPage');

export { PlannedChanges } from './PlannedChanges';
export { titrationBuilderPath } from './paths';
