import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The way back up from a page, "← All patients": the arrow is for the eye, the words for everyone. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="back-link">
      <span aria-hidden="true">←</span> {children}
    </Link>
  );
}

/** Back to the patient list, from a chart or a patient's form. */
export function BackToPatients() {
  return <BackLink to="/patients">All patients</BackLink>;
}
