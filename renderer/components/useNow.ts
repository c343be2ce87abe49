import { useEffect, useState } from 'react';

/** The time now, refreshed every `everyMs`; plain Date.now and setInterval, so test clocks drive it. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
