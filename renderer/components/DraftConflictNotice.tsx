import { Notice } from './Notice';

/**
 * A self-saving draft changed in another window: saving has stopped until the person keeps what
 * this window holds (it replaces the other version) or shows the other version instead. `verb` is
 * how the draft was made here: a note is typed, a plan written.
 */
export function DraftConflictNotice({
  verb,
  onKeepMine,
  onShowOther,
}: {
  verb: 'typed' | 'wrote';
  onKeepMine: () => void;
  onShowOther: () => void;
}) {
  return (
    <Notice
      tone="warning"
      title="This draft was changed in another window"
      actions={
        <div className="note-editor__conflict-actions">
          <button type="button" className="button button--secondary button--small" onClick={onKeepMine}>
            Keep what I {verb} here
          </button>
          <button type="button" className="button button--secondary button--small" onClick={onShowOther}>
            Show the other version
          </button>
        </div>
      }
    >
      What you {verb} here since then is not saved yet. Keep it (it replaces the other window’s version), or show the other version instead.
    </Notice>
  );
}
