import { useQueryClient } from '@tanstack/react-query';
import type { Plan } from '../../shared/plan';
import { queryKey } from '../bridge/queries';

/** The answer a plan mutation gives is the plan as it now is: shown at once, before the refetch. */
export function usePlanCache(patientId: string): (plan: Plan) => void {
  const client = useQueryClient();
  return (plan) => client.setQueryData(queryKey('plans:forPatient', { patientId }), plan);
}
