import { Link } from 'react-router';

/** Where a psychiatrist coming from another system starts: their patients first, then their calendar. */
export function ImportPage() {
  return (
    <div className="page page--narrow">
      <header className="page__header">
        <div>
          <h1 className="page__title">Import from another system</h1>
          <p className="page__subtitle">Bring your patients and your booked sessions into Alliance from the system you used before.</p>
        </div>
      </header>
      <section className="card">
        <h2 className="card__title">Patients from a CSV file</h2>
        <p className="card__text">
          A client list as SimplePractice, TherapyNotes and most practice systems and spreadsheets export it. You match its columns to
          Alliance’s fields, see every row that needs fixing and every patient already in Alliance, and nothing is imported until you
          confirm.
        </p>
        <Link className="button button--primary" to="/import/patients">
          Import patients
        </Link>
      </section>
      <section className="card">
        <h2 className="card__title">Sessions from a calendar file</h2>
        <p className="card__text">
          An iCalendar (.ics) file from Google Calendar, Outlook, Apple Calendar or another practice system. Each event is matched to a
          patient by name, and you confirm or change each match before anything is booked. Import your patients first.
        </p>
        <Link className="button button--secondary" to="/import/sessions">
          Import sessions
        </Link>
      </section>
    </div>
  );
}
