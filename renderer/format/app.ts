/** The app's own formatters, in the app's locale: every screen writes dates and times through these. */
import { dateTimeFormats } from './dateTimeFormats';
import { APP_LOCALE } from './locale';

export const appFormats = dateTimeFormats(APP_LOCALE);
