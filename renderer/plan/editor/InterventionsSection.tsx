import type { Medication } from '../../../shared/medication';
import { EditorSection } from './EditorSection';
import { MedicationList } from './MedicationList';
import { PsychotherapyList } from './PsychotherapyList';
import { ReferralList } from './ReferralList';

/** The treatment, as it is explained to the patient: psychotherapy, medications, referrals. */
export function InterventionsSection({ currentMedications }: { currentMedications: readonly Medication[] }) {
  return (
    <EditorSection title="Interventions" lead="The treatment, as it is explained to the patient.">
      <PsychotherapyList />
      <MedicationList current={currentMedications} />
      <ReferralList />
    </EditorSection>
  );
}
