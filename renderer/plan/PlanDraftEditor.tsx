import { useId, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { FormProvider } from 'react-hook-form';
import type { AppError } from '../../shared/errors';
import type { Plan, PlanVersion } from '../../shared/plan';
import { asAppError, call } from '../bridge/client';
import { useChart } from '../chart';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DraftConflictNotice } from '../components/DraftConflictNotice';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { AgreementDialog } from './AgreementDialog';
import { DiagnosesSection } from './editor/DiagnosesSection';
import { GoalsSection } from './editor/GoalsSection';
import { InterventionsSection } from './editor/InterventionsSection';
import { PlanEditorContext } from './editor/PlanEditorContext';
import { ProblemsSection } from './editor/ProblemsSection';
import type { Removal } from './editor/removal';
import { ReviewSection } from './editor/ReviewSection';
import { SafetyPlanSection } from './editor/SafetyPlanSection';
import { SaveBar } from './editor/SaveBar';
import { usePlanForm } from './editor/usePlanForm';
import { usePlanCache } from './planCache';
import { usePlanDraft } from './usePlanDraft';

/**
 * The draft of the plan, written section by section (editor/): diagnoses chosen from the chart, the
 * problems and strengths, goals in the patient's words with measurable objectives, the treatment, the
 * safety plan, and when to review it. The form is react-hook-form's, checked with the plan's schema;
 * the draft saves itself (usePlanDraft); recording the patient's agreement makes it final.
 */
export function PlanDraftEditor({ plan }: { plan: Plan }) {
  const ids = useId();
  const { summary, patient } = useChart();
  const cache = usePlanCache(patient.id);
  const location = useLocation();
  const navigate = useNavigate();
  const [stored, setStored] = useState<PlanVersion | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [agreeing, setAgreeing] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [removal, setRemoval] = useState<Removal | null>(null);

  async function readStored(): Promise<Plan | null> {
    try {
      return await call('plans:forPatient', { patientId: patient.id });
    } catch (caught) {
      setFailure(asAppError(caught));
      return null;
    }
  }

  const draft = usePlanDraft(plan.current, {
    onConflict: () => {
      void readStored().then((latest) => {
        if (!latest) return;
        // Agreed or revised elsewhere: this draft is no longer one, and the plan shows what is stored.
        if (latest.current.id !== plan.current.id || latest.current.status !== 'draft') cache(latest);
        else setStored(latest.current);
      });
    },
    onClosed: () => {
      void readStored().then((latest) => {
        if (latest) cache(latest);
      });
    },
  });
  const { form, takeStored } = usePlanForm(draft);

  const editor = useMemo(
    () => ({
      saved: draft.saved,
      omitted: draft.omitted,
      showAll,
      // Removing written words asks first; an empty item just goes.
      askRemoval: (empty: boolean, request: Removal) => (empty ? request.remove() : setRemoval(request)),
    }),
    [draft.saved, draft.omitted, showAll],
  );

  return (
    <FormProvider {...form}>
      <PlanEditorContext value={editor}>
        <article className="plan-editor" aria-labelledby={`${ids}-title`}>
          <header className="plan-editor__head">
            <p className="note-editor__eyebrow">Draft · not yet agreed with the patient</p>
            <h3 className="plan-editor__title" id={`${ids}-title`}>
              Writing the plan
            </h3>
            <p className="plan-editor__lead">
              Everything here saves itself as you write. Record the patient’s agreement when the plan is complete.
            </p>
          </header>

          {stored ? (
            <DraftConflictNotice
              verb="wrote"
              onKeepMine={() => {
                draft.keepMine(stored.version);
                setStored(null);
              }}
              onShowOther={() => {
                takeStored(stored);
                setStored(null);
              }}
            />
          ) : null}
          {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}

          <DiagnosesSection diagnoses={summary.diagnoses} />
          <ProblemsSection />
          <GoalsSection />
          <InterventionsSection currentMedications={summary.currentMedications} />
          <SafetyPlanSection />
          <ReviewSection />

          <SaveBar
            state={draft.state}
            omitted={draft.omitted.size}
            onRetry={() => void draft.flush()}
            onRecordAgreement={() => {
              setShowAll(true);
              // Every problem, touched or not, is said beside its field.
              void form.trigger();
              setAgreeing(true);
            }}
          />

          {agreeing ? (
            <AgreementDialog
              plan={plan}
              content={draft.content}
              omitted={draft.omitted.size}
              prepare={async () => {
                await draft.flush();
                if (draft.hasUnsaved()) return null;
                return draft.close();
              }}
              onAgreed={(agreed) => {
                setAgreeing(false);
                cache(agreed);
                // The plan now in force is checked against the medication list (PlanTab).
                void navigate(location.pathname, { replace: true, state: { agreedVersionId: agreed.current.id } });
              }}
              onRefused={() => draft.reopen()}
              onCancel={() => setAgreeing(false)}
            />
          ) : null}

          <ConfirmDialog
            open={removal !== null}
            title={removal?.title ?? ''}
            confirmLabel={removal?.confirm ?? 'Remove'}
            tone="danger"
            onConfirm={() => {
              removal?.remove();
              setRemoval(null);
            }}
            onCancel={() => setRemoval(null)}
          >
            {removal?.body}
          </ConfirmDialog>
        </article>
      </PlanEditorContext>
    </FormProvider>
  );
}
