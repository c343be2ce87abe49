/** Backups: Settings' section, and the reminder the app shell shows. */
export { BackupReminder } from './BackupReminder';
export { BackupSettings } from './BackupSettings';
