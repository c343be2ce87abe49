/** The frame around every unlocked view. */
export { AppShell } from './AppShell';
