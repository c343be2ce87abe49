/** Reading backups: the restore drill and the restore, shown in Settings. */
export { BackupReading } from './BackupReading';
