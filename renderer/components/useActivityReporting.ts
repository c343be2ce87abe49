import { useEffect, useRef } from 'react';
import { asAppError, call } from '../bridge/client';

const REPORT_EVERY_MS = 30_000;

/**
 * Tells the main process the person is here, so the idle lock counts their absence and not
 * the machine's. Throttled to one call per 30 s, except while the idle warning shows: then the
 * very next key or click must reach the main process before the lock fires.
 */
export function useActivityReporting(warningShown: boolean, onActivity: () => void, onLocked: () => void): void {
  const lastReport = useRef(0);
  const latest = useRef({ warningShown, onActivity, onLocked });
  latest.current = { warningShown, onActivity, onLocked };

  useEffect(() => {
    function activity() {
      const now = Date.now();
      const { warningShown: urgent } = latest.current;
      if (urgent) latest.current.onActivity();
      if (!urgent && now - lastReport.current < REPORT_EVERY_MS) return;
      lastReport.current = now;
      call('session:activity', {}).catch((caught: unknown) => {
        // Any other failure only means the idle lock may come a little early, which is the safe side.
        if (asAppError(caught).code === 'VAULT_LOCKED') latest.current.onLocked();
      });
    }
    window.addEventListener('keydown', activity, { capture: true });
    window.addEventListener('pointerdown', activity, { capture: true });
    return () => {
      window.removeEventListener('keydown', activity, { capture: true });
      window.removeEventListener('pointerdown', activity, { capture: true });
    };
  }, []);
}
