import { Link } from 'react-router';
import { signatureName, type Preferences } from '../../shared/preferences';
import { Notice } from './Notice';
import { UserText } from './UserText';

type LetterheadPreferences = Pick<
  Preferences,
  'practiceName' | 'practiceAddress' | 'practicePhone' | 'clinicianName' | 'clinicianCredentials'
>;

/** The practice's letterhead at the top of every printed document: the practice's details, never a patient's. */
export function Letterhead({ preferences }: { preferences: LetterheadPreferences }) {
  return (
    <header className="print-document__letterhead">
      <div>
        {preferences.practiceName ? (
          <p className="print-document__practice">
            <UserText>{preferences.practiceName}</UserText>
          </p>
        ) : null}
        {preferences.clinicianName ? (
          <p className="print-document__clinician">
            <UserText>{signatureName(preferences)}</UserText>
          </p>
        ) : null}
      </div>
      <div className="print-document__address">
        {preferences.practiceAddress ? (
          <p>
            <UserText>{preferences.practiceAddress}</UserText>
          </p>
        ) : null}
        {preferences.practicePhone ? (
          <p>
            <UserText>{preferences.practicePhone}</UserText>
          </p>
        ) : null}
      </div>
    </header>
  );
}

/** On screen only, above the document: says where to fill in an empty letterhead before printing. */
export function EmptyLetterheadNotice({ preferences }: { preferences: LetterheadPreferences }) {
  if (preferences.practiceName.trim() !== '' || preferences.clinicianName.trim() !== '') return null;
  return (
    <Notice tone="info">
      The letterhead is empty. Add your name and your practice’s name, address and phone in <Link to="/settings/practice">Settings</Link>.
    </Notice>
  );
}
