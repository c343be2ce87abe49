/**
 * The one language every date and time on screen and on paper is written in: the app's. Electron
 * sets navigator.language from the system's language, which may differ from the default locale of
 * Intl (taken from the environment), so every formatter names this locale rather than `undefined`.
 */
export const APP_LOCALE: string =
  typeof navigator !== 'undefined' && navigator.language ? navigator.language : Intl.DateTimeFormat().resolvedOptions().locale;
