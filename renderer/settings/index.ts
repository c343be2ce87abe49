/** Settings, as a route. */
import { lazyNamed } from '../components/lazyNamed';

export const SettingsPage = lazyNamed(() => import('./SettingsPage'), 'SettingsPage');
