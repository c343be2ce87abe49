/** The formatters live in shared/ so the worker writes a PDF's dates as the screens do. */
export { dateTimeFormats, utcDay, type DateTimeFormats } from '../../shared/date-time-formats';
