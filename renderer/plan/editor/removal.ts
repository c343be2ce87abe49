import type { ReactNode } from 'react';

/** Taking written words out of the draft asks first: what it asks, and what it then does. */
export type Removal = { title: ReactNode; body: ReactNode; confirm: string; remove: () => void };

export function hasWords(...values: string[]): boolean {
  return values.some((value) => value.trim() !== '');
}
