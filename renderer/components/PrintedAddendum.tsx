import type { Addendum } from '../../shared/note';
import { UserText } from './UserText';

/** One addendum as every printed document shows it below its signed note: when, by whom, and its words. */
export function PrintedAddendum({ addendum, when }: { addendum: Addendum; when: string }) {
  return (
    <div className="print-document__addendum">
      <p className="print-document__addendum-meta">
        Addendum, {when}, signed by <UserText>{addendum.signedBy}</UserText>
      </p>
      <p className="note-text__value">
        <UserText>{addendum.text}</UserText>
      </p>
    </div>
  );
}
