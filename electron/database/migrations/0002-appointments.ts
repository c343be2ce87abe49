import type { Migration } from './migration';

/**
 * The calendar. A series is stored once, as its rule; its occurrences are computed for the range
 * on screen and never written out ahead of time (a weekly series that never ends has no last row).
 * An occurrence becomes a row in `appointments` only once something happens to it: it is moved,
 * cancelled, given attendance or timed. That row stays tied to its series slot by
 * (series_id, original_start), so the slot is never shown twice. One-off sessions are rows with no series.
 *
 * Instants are ISO strings in UTC with milliseconds (`…T09:00:00.000Z`): fixed width, so text order
 * is time order and the indexes serve range queries. `first_start` and `original_start` are
 * wall-clock times in the series' time zone, because a 9:00 session stays at 9:00 across DST.
 *
 * Nothing is deleted: a cancellation is an attendance value. `stopped_before` ends a series whose
 * sessions were all cancelled (its rule cannot express "no sessions").
 */
export const migration0002Appointments: Migration = {
  version: 2,
  name: 'appointments',
  up(db) {
    db.exec(`
      CREATE TABLE series (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        first_start TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
        interval INTEGER NOT NULL CHECK (interval BETWEEN 1 AND 12),
        monthly_ordinal INTEGER CHECK (monthly_ordinal IN (1, 2, 3, 4, -1)),
        end_type TEXT NOT NULL CHECK (end_type IN ('never', 'until', 'count')),
        end_date TEXT CHECK ((end_type = 'until') = (end_date IS NOT NULL)),
        end_count INTEGER CHECK ((end_type = 'count') = (end_count IS NOT NULL)),
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
        kind TEXT NOT NULL CHECK (kind IN ('intake', 'follow-up', 'medication-management', 'therapy')),
        location TEXT NOT NULL DEFAULT '',
        is_video INTEGER NOT NULL DEFAULT 0 CHECK (is_video IN (0, 1)),
        note TEXT NOT NULL DEFAULT '',
        first_start_utc TEXT NOT NULL,
        -- NULL while the series never ends.
        last_start_utc TEXT,
        stopped_before TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
      );

      -- calendar:range: the series whose span overlaps the range, read from the index alone.
      CREATE INDEX series_by_span ON series (first_start_utc, last_start_utc);
      -- patients:attendance: a patient's series.
      CREATE INDEX series_by_patient ON series (patient_id);

      CREATE TABLE appointments (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        series_id TEXT REFERENCES series (id),
        -- The series slot this session fills (wall-clock, and as an instant); NULL for a one-off.
        original_start TEXT,
        original_start_utc TEXT,
        start_utc TEXT NOT NULL,
        end_utc TEXT NOT NULL CHECK (end_utc > start_utc),
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
        kind TEXT NOT NULL CHECK (kind IN ('intake', 'follow-up', 'medication-management', 'therapy')),
        location TEXT NOT NULL DEFAULT '',
        is_video INTEGER NOT NULL DEFAULT 0 CHECK (is_video IN (0, 1)),
        note TEXT NOT NULL DEFAULT '',
        attendance TEXT NOT NULL DEFAULT 'scheduled' CHECK (attendance IN (
          'scheduled', 'attended', 'late', 'no-show', 'cancelled-by-patient', 'late-cancellation', 'cancelled-by-clinician')),
        late_minutes INTEGER CHECK ((attendance = 'late') = (late_minutes IS NOT NULL)),
        actual_start TEXT,
        actual_end TEXT CHECK (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end >= actual_start)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
        CHECK ((series_id IS NULL) = (original_start IS NULL)),
        CHECK ((original_start IS NULL) = (original_start_utc IS NULL)),
        UNIQUE (series_id, original_start)
      );

      -- calendar:range reads sessions by their time, and series rows also by the slot they fill
      -- (a session moved out of the range must still hide its slot); one query, two indexes.
      CREATE INDEX appointments_by_start ON appointments (start_utc);
      CREATE INDEX appointments_by_slot ON appointments (original_start_utc) WHERE original_start_utc IS NOT NULL;
      -- patients:attendance: one patient's sessions before now.
      CREATE INDEX appointments_by_patient ON appointments (patient_id, start_utc);
      -- sessions:running: at most a handful of rows ever match.
      CREATE INDEX appointments_running ON appointments (actual_start) WHERE actual_start IS NOT NULL AND actual_end IS NULL;
    `);
  },
};
