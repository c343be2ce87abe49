/**
 * The spec files that print through Chromium (`printPdf`, `printedText` in ./fixtures.ts). They run in the full
 * browser, which prints as the app's window does (playwright.config.ts); a file that prints and is not named here
 * fails at its first print, saying so.
 */
export const PRINTING_SPECS = /[/\\](billing|chart|consents|feedback|goal-ratings|journey|letters|plan|printing|titrations)\.spec\.ts$/;

/** The projects that run them, in the full browser. */
export const PRINTING_PROJECTS = { journeys: 'journeys that print', others: 'other tests that print' } as const;
