/**
 * Reads a SQLite write-ahead log as SQLite itself would on recovery (https://sqlite.org/fileformat2.html#walformat):
 * a 32-byte header, then frames of a 24-byte header and one page each. A frame counts only while
 * its salts match the header's and the running checksum holds; a transaction counts only up to
 * its commit frame. Everything after is ignored by SQLite and overwritten later.
 */
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;
const FORMAT_VERSION = 3007000;
export const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

export type WalFrame = { pageNumber: number; offset: number };

export type WalReading =
  | { kind: 'empty' }
  | { kind: 'not-a-log'; detail: string }
  /** `frames`: the committed frames, in order, with where each page's bytes begin. */
  | { kind: 'log'; pageSize: number; salt: Buffer; frames: WalFrame[]; uncommittedFrames: number };

type Checksum = [number, number];

function checksum(bytes: Buffer, start: number, end: number, bigEndian: boolean, seed: Checksum): Checksum {
  let [s1, s2] = seed;
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const x1 = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return [s1, s2];
}

export function readWal(bytes: Buffer): WalReading {
  if (bytes.byteLength === 0) return { kind: 'empty' };
  if (bytes.byteLength < WAL_HEADER_BYTES) return { kind: 'not-a-log', detail: 'it is shorter than a log header' };
  const magic = bytes.readUInt32BE(0);
  if (magic !== MAGIC_LITTLE_ENDIAN && magic !== MAGIC_BIG_ENDIAN)
    return { kind: 'not-a-log', detail: 'it does not start as a SQLite log' };
  const bigEndian = magic === MAGIC_BIG_ENDIAN;
  if (bytes.readUInt32BE(4) !== FORMAT_VERSION) return { kind: 'not-a-log', detail: 'its format version is unknown' };
  const pageSize = bytes.readUInt32BE(8);
  const headerSum = checksum(bytes, 0, 24, bigEndian, [0, 0]);
  if (headerSum[0] !== bytes.readUInt32BE(24) || headerSum[1] !== bytes.readUInt32BE(28)) {
    return { kind: 'not-a-log', detail: 'its header checksum does not match' };
  }
  const salt = Buffer.from(bytes.subarray(16, 24));
  const frames: WalFrame[] = [];
  let pending: WalFrame[] = [];
  let running = headerSum;
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= bytes.byteLength; at += FRAME_HEADER_BYTES + pageSize) {
    if (!bytes.subarray(at + 8, at + 16).equals(salt)) break;
    let sum = checksum(bytes, at, at + 8, bigEndian, running);
    sum = checksum(bytes, at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + pageSize, bigEndian, sum);
    if (sum[0] !== bytes.readUInt32BE(at + 16) || sum[1] !== bytes.readUInt32BE(at + 20)) break;
    running = sum;
    pending.push({ pageNumber: bytes.readUInt32BE(at), offset: at + FRAME_HEADER_BYTES });
    if (bytes.readUInt32BE(at + 4) !== 0) {
      frames.push(...pending);
      pending = [];
    }
  }
  return { kind: 'log', pageSize, salt, frames, uncommittedFrames: pending.length };
}

/** The log's salts as SQLite copies them into the shared-memory index header (bytes 32–39 of both copies). */
export function shmMatchesWal(shm: Buffer, walSalt: Buffer): boolean {
  if (shm.byteLength < 96) return false;
  return shm.subarray(32, 40).equals(walSalt) && shm.subarray(48 + 32, 48 + 40).equals(walSalt);
}

/** An index that points at no frame (mxFrame 0 in both header copies; 0 reads alike in either byte order): it belongs with an empty log. */
export function shmIndexesNothing(shm: Buffer): boolean {
  if (shm.byteLength === 0) return true;
  if (shm.byteLength < 96) return false;
  return shm.readUInt32LE(16) === 0 && shm.readUInt32LE(48 + 16) === 0;
}
