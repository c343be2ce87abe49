import { APP_LOCALE } from '../format/locale';

/** The week as the person's locale counts it; read by the calendar and offered as the default in Settings. */
type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;
type WeekInfo = { firstDay: number };
type LocaleWithWeekInfo = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

/**
 * The first day of the week as the person's locale has it (Monday in most of the world,
 * Sunday in the US). Intl numbers Monday 1 … Sunday 7; date-fns wants Sunday 0.
 */
export function localeWeekStart(language: string = APP_LOCALE): WeekStart {
  try {
    const locale = new Intl.Locale(language) as LocaleWithWeekInfo;
    const firstDay = locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay;
    if (typeof firstDay === 'number' && firstDay >= 1 && firstDay <= 7) return (firstDay % 7) as WeekStart;
  } catch {
    // An unusual language tag: fall through to Monday, the ISO week.
  }
  return 1;
}

export const WEEK_STARTS_ON = localeWeekStart();
