import { useEffect, useState } from 'react';

/** How long a confirmation such as "Added F33.1 …" stays: long enough to read, gone before it misleads. */
const SHOWN_MS = 8_000;

/** A confirmation that clears itself, so it never sits above a list that has since changed again. */
export function useFleetingMessage(): [React.ReactNode, (message: React.ReactNode) => void] {
  const [message, setMessage] = useState<React.ReactNode>(null);
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(() => setMessage(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return [message, setMessage];
}
