import { createHash } from 'node:crypto';

/** The namespace of Alliance's derived ids (a random UUID, fixed once). */
export const ALLIANCE_NAMESPACE = '5b0f2a8e-4c1d-4f6a-9e3b-7c2d1a0f9e8d';

/** A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name): the same name gives the same id on every device. */
export function uuidV5(name: string, namespace: string = ALLIANCE_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
