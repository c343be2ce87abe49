import { useOutletContext } from 'react-router';
import type { ChartSummary } from '../../shared/chart';
import type { Patient } from '../../shared/patient';

/** What every section of the chart reads from the page around it. */
export type ChartContext = { summary: ChartSummary; patient: Patient; openNewNote: () => void };

export function useChart(): ChartContext {
  return useOutletContext<ChartContext>();
}
