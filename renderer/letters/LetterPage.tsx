import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { LETTER_KIND_LABELS, type Letter, type LetterSection } from '../../shared/letters';
import { signatureSchema } from '../../shared/note';
import { signatureName } from '../../shared/preferences';
import { asAppError, call } from '../bridge/client';
import { queryKey, useChannelMutation, useChannelQuery } from '../bridge/queries';
import { useChart } from '../chart';
import { BackLink } from '../components/BackLink';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { SaveStatus } from '../components/SaveStatus';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { useAutosave } from '../components/useAutosave';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatLongCalendarDate, formatLongMoment } from '../format/dates';
import { SendLetter } from './SendLetter';
import './letters.css';

/** One letter at #/patients/:id/letters/:letterId: its editor while a draft, the signed letter after. */
export function LetterPage() {
  const { letterId = '' } = useParams();
  const { patient } = useChart();
  const letter = useChannelQuery('letters:get', { id: letterId });
  if (letter.error) {
    return (
      <div>
        <BackLink to={`/patients/${patient.id}/documents`}>Back to documents</BackLink>
        <Notice tone="error">{letter.error.code === 'NOT_FOUND' ? 'This letter could not be found.' : explain(letter.error)}</Notice>
      </div>
    );
  }
  if (!letter.data) {
    return (
      <p className="muted" role="status">
        Opening the letter…
      </p>
    );
  }
  return letter.data.status === 'draft' ? (
    <LetterEditor key={letter.data.id} letter={letter.data} />
  ) : (
    <SignedLetter letter={letter.data} />
  );
}

function Addressee({ letter }: { letter: Letter }) {
  const { patient } = useChart();
  return (
    <p className="letter__to">
      To{' '}
      <strong>
        <UserText>{letter.recipient?.name ?? `${patient.givenName} ${patient.familyName}`}</UserText>
      </strong>
      {letter.recipient?.role ? (
        <>
          , <UserText>{letter.recipient.role}</UserText>
        </>
      ) : null}{' '}
      · {formatLongCalendarDate(letter.letterDate)}
    </p>
  );
}

/** What the editor changes: each section's text, and where the letter goes (the recipient's address, fax or e-mail). */
type Draft = { texts: Record<string, string>; contact: string | null };

function LetterEditor({ letter }: { letter: Letter }) {
  const { patient } = useChart();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [signing, setSigning] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const discard = useChannelMutation('letters:discardDraft');
  const save = useCallback(
    (draft: Draft, version: number) =>
      call('letters:saveDraft', {
        id: letter.id,
        version,
        sections: Object.entries(draft.texts).map(([key, text]) => ({ key, text })),
        recipientContact: draft.contact,
      }),
    [letter.id],
  );
  const autosave = useAutosave<Draft>({
    initial: {
      value: { texts: Object.fromEntries(letter.sections.map((s) => [s.key, s.text])), contact: letter.recipient?.contact ?? null },
      version: letter.version,
      updatedAt: letter.updatedAt,
    },
    save,
    closedCode: 'NOTE_SIGNED',
    onConflict: () => setConflict(true),
    onClosed: () => void client.invalidateQueries({ queryKey: queryKey('letters:get', { id: letter.id }) }),
  });
  const setText = (key: string, text: string) => autosave.update((current) => ({ ...current, texts: { ...current.texts, [key]: text } }));
  const setContact = (contact: string) => autosave.update((current) => ({ ...current, contact }));

  return (
    <article className="letter" aria-labelledby="letter-title">
      <BackLink to={`/patients/${patient.id}/documents`}>Back to documents</BackLink>
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="letter-title">
          {LETTER_KIND_LABELS[letter.kind]} <span className="badge badge--warning">Draft</span>
        </h2>
        <SaveStatus state={autosave.state} closedText="Signed" onRetry={() => void autosave.flush()} />
      </div>
      <Addressee letter={letter} />
      {conflict ? (
        <Notice tone="warning">
          This letter was changed in another window. Reload it to see the stored version; what you typed here is not saved.
        </Notice>
      ) : null}
      {letter.omitted.length > 0 ? (
        <Notice tone="info" title="Left out of this letter">
          <ul className="letter__omitted">
            {letter.omitted.map((section) => (
              <li key={section.key}>
                <UserText>{section.reason}</UserText>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {autosave.value.contact !== null ? (
        <TextAreaField
          label="Recipient’s address"
          hint="As the letter prints it: address, fax or e-mail. From the consent; edit freely."
          rows={2}
          value={autosave.value.contact}
          onChange={(event) => setContact(event.target.value)}
        />
      ) : null}
      {letter.sections.map((section) => (
        <SectionField
          key={section.key}
          section={section}
          text={autosave.value.texts[section.key] ?? ''}
          onChange={(text) => setText(section.key, text)}
        />
      ))}
      <div className="letter__actions">
        <button type="button" className="button button--primary" onClick={() => setSigning(true)}>
          Sign the letter…
        </button>
        <button type="button" className="button button--danger" onClick={() => setDiscarding(true)}>
          Discard draft
        </button>
      </div>
      <ConfirmDialog
        open={discarding}
        title="Discard this draft?"
        confirmLabel="Discard"
        tone="danger"
        busy={discard.isPending}
        onCancel={() => setDiscarding(false)}
        onConfirm={() =>
          void autosave.close().then(async (version) => {
            await discard.mutateAsync({ id: letter.id, version });
            void navigate(`/patients/${patient.id}/documents`);
          })
        }
      >
        It has not been signed or sent; once discarded it is gone.
      </ConfirmDialog>
      {signing ? (
        <SignLetterDialog
          letter={letter}
          prepare={async () => {
            await autosave.flush();
            if (autosave.hasUnsaved()) return null;
            return autosave.close();
          }}
          onRefused={() => autosave.reopen()}
          onClose={() => setSigning(false)}
        />
      ) : null}
    </article>
  );
}

/** A paragraph without a title is named for its place in the letter: "Greeting", "Closing"; one a practice added is a paragraph. */
function paragraphLabel(key: string): string {
  if (/^p-[0-9a-f]{8}$/.test(key)) return 'Paragraph';
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function SectionField({ section, text, onChange }: { section: LetterSection; text: string; onChange: (text: string) => void }) {
  const rows = Math.min(14, Math.max(2, text.split('\n').length + 1));
  return (
    <TextAreaField
      label={section.heading || paragraphLabel(section.key)}
      hint={section.part !== null ? 'Pre-filled from the chart; edit freely.' : undefined}
      rows={rows}
      value={text}
      onChange={(event) => onChange(event.target.value)}
      className="letter__section"
    />
  );
}

function SignLetterDialog({
  letter,
  prepare,
  onRefused,
  onClose,
}: {
  letter: Letter;
  prepare: () => Promise<number | null>;
  onRefused: () => void;
  onClose: () => void;
}) {
  const ids = useId();
  const preferences = useChannelQuery('preferences:get', {});
  const sign = useChannelMutation('letters:sign');
  const configured = preferences.data ? signatureName(preferences.data) : '';
  const [typed, setTyped] = useState<string | null>(null);
  const signedBy = typed ?? configured;
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const parsed = signatureSchema.safeParse(signedBy);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Write your name and credentials');
      return;
    }
    const version = await prepare();
    if (version === null) {
      setProblem('The latest changes could not be saved, so the letter was not signed. Try again.');
      onRefused();
      return;
    }
    try {
      await sign.mutateAsync({ id: letter.id, version, signedBy: parsed.data });
      onClose();
    } catch (error) {
      setProblem(explain(asAppError(error)));
      onRefused();
    }
  }

  return (
    <Modal
      open
      title="Sign this letter?"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="button button--primary" disabled={sign.isPending}>
            Sign
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} onSubmit={(event) => void submit(event)}>
        <p>Once signed, the letter is final: it can no longer be edited, only corrected by an addendum.</p>
        <TextField
          label="Signed by"
          value={signedBy}
          onChange={(event) => setTyped(event.target.value)}
          hint="Your name and credentials, as Settings keeps them"
        />
        {problem ? <Notice tone="error">{problem}</Notice> : null}
      </form>
    </Modal>
  );
}

/** A signed letter: its text, signature, addenda, and the ways it leaves the practice (print, send). */
function SignedLetter({ letter }: { letter: Letter }) {
  const { patient } = useChart();
  return (
    <article className="letter" aria-labelledby="letter-title">
      <BackLink to={`/patients/${patient.id}/documents`}>Back to documents</BackLink>
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="letter-title">
          {LETTER_KIND_LABELS[letter.kind]} <span className="badge badge--signed">Signed</span>
        </h2>
        <Link className="button button--secondary" to={`/print/letter/${letter.id}`}>
          Print…
        </Link>
      </div>
      <Addressee letter={letter} />
      <LetterBody letter={letter} headingLevel={3} />
      <p className="letter__signature">
        Signed by{' '}
        <strong>
          <UserText>{letter.signedBy}</UserText>
        </strong>
        {letter.signedAt ? `, ${formatLongMoment(letter.signedAt)}` : null}
      </p>
      <Addenda letter={letter} />
      <AddAddendum letter={letter} />
      <SendLetter letter={letter} />
    </article>
  );
}

/** The letter's sections as written: headings and paragraphs, the user's words isolated. */
function LetterBody({ letter, headingLevel }: { letter: Pick<Letter, 'sections'>; headingLevel: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="letter__body">
      {letter.sections
        .filter((section) => section.text.trim() !== '')
        .map((section) => (
          <section key={section.key} className="letter__part">
            {section.heading ? <Heading className="letter__heading">{section.heading}</Heading> : null}
            <p className="letter__text">
              <UserText>{section.text.trim()}</UserText>
            </p>
          </section>
        ))}
    </div>
  );
}

function Addenda({ letter }: { letter: Letter }) {
  if (letter.addenda.length === 0) return null;
  return (
    <section className="letter__addenda" aria-label="Addenda">
      <h3 className="letter__heading">Addenda</h3>
      {letter.addenda.map((addendum) => (
        <div key={addendum.id} className="letter__addendum">
          <p className="muted">
            Addendum, {formatLongMoment(addendum.createdAt)}, signed by <UserText>{addendum.signedBy}</UserText>
          </p>
          <p className="letter__text">
            <UserText>{addendum.text}</UserText>
          </p>
        </div>
      ))}
    </section>
  );
}

function AddAddendum({ letter }: { letter: Letter }) {
  const preferences = useChannelQuery('preferences:get', {});
  const add = useChannelMutation('letters:addAddendum');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const signedBy = preferences.data ? signatureName(preferences.data) : '';
  return (
    <form
      className="letter__add-addendum"
      onSubmit={(event) => {
        event.preventDefault();
        setProblem(null);
        add.mutate(
          { letterId: letter.id, text, signedBy },
          { onSuccess: () => setText(''), onError: (error) => setProblem(error.issues?.[0]?.message ?? explain(error)) },
        );
      }}
    >
      <TextAreaField
        label="Add an addendum"
        hint="A signed letter is corrected only by an addendum, dated and signed."
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      <button type="submit" className="button button--secondary" disabled={add.isPending || text.trim() === ''}>
        Sign and add the addendum
      </button>
    </form>
  );
}
