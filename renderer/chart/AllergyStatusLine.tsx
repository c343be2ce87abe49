import type { AllergyStatus } from '../../shared/medication';

/** The allergies that stand (none entered in error). */
export function standingAllergies(status: AllergyStatus) {
  return status.allergies.filter((allergy) => allergy.enteredInError === null);
}

/**
 * Allergies as a header must say them: the list, "No known allergies" as the clinician recorded
 * it, or "Allergies not recorded" — which is not the same as none, and looks it.
 */
export function AllergyStatusLine({ allergies }: { allergies: AllergyStatus }) {
  const standing = standingAllergies(allergies);
  if (standing.length > 0) {
    return (
      <span className="allergy-status allergy-status--listed">
        {standing.map((allergy, index) => (
          <span key={allergy.id}>
            {index > 0 ? ', ' : ''}
            <strong>
              <bdi>{allergy.substance}</bdi>
            </strong>
            {allergy.severity !== 'unknown' ? ` (${allergy.severity})` : ''}
          </span>
        ))}
      </span>
    );
  }
  if (allergies.noKnownAllergiesAt !== null) return <span className="allergy-status allergy-status--none">No known allergies</span>;
  return <span className="allergy-status allergy-status--unknown">Allergies not recorded</span>;
}
