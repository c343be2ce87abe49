/**
 * Which backups pruning removes: the newest backup of each of the last `daily` days that have one,
 * of the last `weekly` ISO weeks and of the last `monthly` months (in the practice's time zone) are
 * kept, as restic's --keep-daily/weekly/monthly do; so is the newest of all, always. Pure: driven by
 * the backups' own dates, never by the clock.
 */
import { BACKUP_FOLDER_PREFIX } from '../../../shared/backup';

export type RetentionPolicy = { daily: number; weekly: number; monthly: number };
export type StoredBackup = { name: string; createdAt: Date };

const NAME = new RegExp(`^${BACKUP_FOLDER_PREFIX}(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})Z$`);

/** The time a finished backup's folder name says it was taken, or null for any other name (a `.partial` one included). */
export function backupTimeOf(folderName: string): Date | null {
  const match = NAME.exec(folderName);
  if (!match) return null;
  const date = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function localDay(date: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function isoWeek({ year, month, day }: { year: number; month: number; day: number }): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  // The ISO week belongs to the year of its Thursday.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${week}`;
}

type Bucket = (backup: StoredBackup) => string;

/** The names of the backups the policy does not keep, newest first. */
export function backupsToPrune(backups: readonly StoredBackup[], policy: RetentionPolicy, timeZone: string): string[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.name < b.name ? 1 : -1));
  const newest = newestFirst[0];
  if (!newest) return [];
  const keep = new Set<string>([newest.name]);
  const day: Bucket = (backup) => {
    const { year, month, day: date } = localDay(backup.createdAt, timeZone);
    return `${year}-${month}-${date}`;
  };
  const week: Bucket = (backup) => isoWeek(localDay(backup.createdAt, timeZone));
  const month: Bucket = (backup) => {
    const { year, month: number } = localDay(backup.createdAt, timeZone);
    return `${year}-${number}`;
  };
  const rules: Array<[Bucket, number]> = [
    [day, policy.daily],
    [week, policy.weekly],
    [month, policy.monthly],
  ];
  for (const [bucket, count] of rules) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      const key = bucket(backup);
      if (seen.has(key)) continue;
      if (seen.size >= count) break;
      seen.add(key);
      keep.add(backup.name);
    }
  }
  return newestFirst.filter((backup) => !keep.has(backup.name)).map((backup) => backup.name);
}
