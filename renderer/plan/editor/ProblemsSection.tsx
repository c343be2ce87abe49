import { EditorSection } from './EditorSection';
import { PlanTextArea } from './fields';

/** What brings the patient, how it touches their days, and what they bring to the work. */
export function ProblemsSection() {
  return (
    <EditorSection title="Problems and strengths">
      <PlanTextArea
        name="presentingProblems"
        owner={null}
        label="Presenting problems"
        hint="What brings the patient, in a few lines."
        rows={3}
        spellCheck
      />
      <PlanTextArea
        name="dailyLifeEffect"
        owner={null}
        label="Effect on daily life"
        hint="Work or study, relationships, sleep, self-care."
        rows={3}
        spellCheck
      />
      <PlanTextArea
        name="strengths"
        owner={null}
        label="Strengths"
        hint="What the patient brings: supports, skills, interests, past recoveries."
        rows={2}
        spellCheck
      />
    </EditorSection>
  );
}
