import type { Note } from '../../shared/note';

/**
 * A note's fields as read-only text, grouped under the headings of its own template version, empty fields left out.
 * Every value is a React text node: whatever the clinician typed (markup included) shows as typed.
 */
export function NoteText({ note, headingLevel = 3 }: { note: Pick<Note, 'definition' | 'fields'>; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const sections = note.definition.sections
    .map((section) => ({ ...section, filled: section.fields.filter((field) => (note.fields[field.key] ?? '').trim() !== '') }))
    .filter((section) => section.filled.length > 0);
  if (sections.length === 0) return <p className="muted">Nothing was written in this note.</p>;
  return (
    <div className="note-text">
      {sections.map((section) => (
        <section key={section.heading} className="note-text__section">
          <Heading className="note-text__heading">
            <bdi>{section.heading}</bdi>
          </Heading>
          {section.filled.length === 1 && section.filled[0]?.label === section.heading ? (
            <p className="note-text__value">
              <bdi>{note.fields[section.filled[0].key]}</bdi>
            </p>
          ) : (
            <dl className="note-text__fields">
              {section.filled.map((field) => (
                <div key={field.key} className={`note-text__field note-text__field--${field.kind}`}>
                  <dt>
                    <bdi>{field.label}</bdi>
                  </dt>
                  <dd className="note-text__value">
                    <bdi>{note.fields[field.key]}</bdi>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}
