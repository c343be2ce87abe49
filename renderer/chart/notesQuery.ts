import { infiniteQueryOptions } from '@tanstack/react-query';
import type { ChannelOutput } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { asAppError, call } from '../bridge/client';

const PAGE_SIZE = 20;

type NotesPage = ChannelOutput<'notes:list'>;
type Cursor = { serviceDate: string; id: string } | null;

/**
 * The notes' pages as one query, keyed as notes:list so a data:changed "notes" refetches every page
 * shown. The chart starts it together with its header, so the list does not wait for the header.
 */
export function notesQueryOptions(patientId: string) {
  return infiniteQueryOptions<NotesPage, AppError, { pages: NotesPage[] }, readonly unknown[], Cursor>({
    queryKey: ['notes:list', { patientId, limit: PAGE_SIZE }],
    initialPageParam: null,
    queryFn: async ({ pageParam }) => {
      try {
        return await call('notes:list', { patientId, limit: PAGE_SIZE, after: pageParam });
      } catch (error) {
        throw asAppError(error);
      }
    },
    getNextPageParam: (last) => {
      const end = last.notes[last.notes.length - 1];
      return last.more && end ? { serviceDate: end.serviceDate, id: end.id } : undefined;
    },
  });
}
