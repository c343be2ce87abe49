import type { CallEnvironment } from '../../../electron/features/handlers';
import { DEFAULT_PREFERENCES } from '../../../shared/preferences';

/** What the main process sends a worker channel with: the time, the zone, the default preferences. */
export function testEnvironment(now: string = new Date().toISOString(), timeZone = 'Europe/London'): CallEnvironment {
  const { workingHours, lateCancellationHours, feedbackAlertBelow, feedbackDropBy, planReviewDays } = DEFAULT_PREFERENCES;
  return {
    now,
    timeZone,
    workingHours,
    lateCancellationHours,
    feedbackRule: { below: feedbackAlertBelow, dropBy: feedbackDropBy },
    ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
    planReviewDays,
    clinician: { name: DEFAULT_PREFERENCES.clinicianName, credentials: DEFAULT_PREFERENCES.clinicianCredentials },
    currency: DEFAULT_PREFERENCES.currency,
  };
}
