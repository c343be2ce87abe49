import { useEffect } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { PLAN_SECTION_PARAM, SAFETY_PLAN_ELEMENT_ID, SAFETY_PLAN_SECTION } from './safetyPlan';

/** The sections a route may be asked to land on, and the element each is. */
const SECTION_ELEMENTS: Record<string, string> = { [SAFETY_PLAN_SECTION]: SAFETY_PLAN_ELEMENT_ID };

/** The section the URL asks for (`?section=safety-plan`), if it is one we know. */
export function useWantedSection(): string | null {
  const [params] = useSearchParams();
  const section = params.get(PLAN_SECTION_PARAM);
  return section !== null && Object.hasOwn(SECTION_ELEMENTS, section) ? section : null;
}

/**
 * Once the view is `ready`, brings the section the URL asks for into view and gives it keyboard focus
 * (it carries tabIndex -1), each time a link to it is followed, even to the page already showing. The
 * element may appear a frame or two after the data: it is looked for for about a second.
 */
export function useLandOnSection(ready: boolean): void {
  const section = useWantedSection();
  const { key } = useLocation();
  useEffect(() => {
    if (!ready || section === null) return;
    const id = SECTION_ELEMENTS[section];
    if (id === undefined) return;
    return landOn(id);
  }, [ready, section, key]);
}

/**
 * Brings the element with this id into view and gives it keyboard focus, looking for it for about a
 * second (it may appear a frame or two after the data). Answers what stops looking.
 */
export function landOn(id: string): () => void {
  let frame = 0;
  let tries = 0;
  const land = () => {
    const target = document.getElementById(id);
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
      return;
    }
    tries += 1;
    if (tries < 60) frame = requestAnimationFrame(land);
  };
  land();
  return () => cancelAnimationFrame(frame);
}
