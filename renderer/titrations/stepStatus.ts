import type { TitrationSchedule, TitrationStep } from '../../shared/titration';

/** How a step stands: confirmed (at its dose or another), due for confirming, planned, or no longer planned. */
export function stepStatus(schedule: TitrationSchedule, step: TitrationStep, today: string): string {
  if (step.confirmedAt !== null) return step.confirmedDose ? `Confirmed at ${step.confirmedDose}` : 'Confirmed';
  if (schedule.status !== 'active') return 'Not taken up';
  return step.startDate <= today ? 'Due: confirm at the session' : 'Planned';
}

export const DIRECTION_LABELS = { taper: 'Taper', titrate: 'Titration' } as const;
export const STATUS_LABELS = { active: 'Active', stopped: 'Stopped', completed: 'Completed' } as const;
