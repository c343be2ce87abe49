import { useEffect, useState } from 'react';

/**
 * How far a long task in the worker is (a practice export, a vault copied for a new device), asked every
 * `everyMs` while `running`; null before the first answer and once it ends. `ask` must be a stable function
 * (declared outside the component). A failed ask (the vault locked) is not the task's failure: the task's
 * own answer says that.
 */
export function usePolledProgress<T>(running: boolean, ask: () => Promise<T>, everyMs: number): T | null {
  const [progress, setProgress] = useState<T | null>(null);
  useEffect(() => {
    if (!running) {
      setProgress(null);
      return;
    }
    let stopped = false;
    const poll = async () => {
      try {
        const answer = await ask();
        if (!stopped) setProgress(answer);
      } catch {
        // Left to the task's own answer.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), everyMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [running, ask, everyMs]);
  return progress;
}
