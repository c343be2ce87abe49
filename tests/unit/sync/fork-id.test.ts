import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../../../electron/features/sync/fork-id';

describe('name-based ids for forked drafts', () => {
  it('gives RFC 9562’s version-5 UUID, the same for the same name', () => {
    // The DNS namespace's example, as other UUID libraries give it.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('notes/n1/s/d')).toBe(uuidV5('notes/n1/s/d'));
    expect(uuidV5('notes/n1/s/d')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
