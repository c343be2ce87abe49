import type { MemorySecurity } from './api';

/*
 * SQLCipher's memory security (it zeroes and locks what it allocates) is one setting for the whole
 * process: a connection that turns it on turns it on for every connection after it, in every thread,
 * and it cannot be turned off again. The vault chooses it when the database worker opens it (on, as
 * docs and DESIGN.md fix; the tests of other parts choose off for speed), and every connection the
 * worker and the threads it starts open follows that choice: a backup's thread that turned it on by
 * itself made every later query of the process pay for it (a connection's open alone, which parses
 * the whole schema, took 20 times as long).
 */

let chosen: MemorySecurity = 'on';

/** The vault's choice, made as the worker opens it. */
export function chooseMemorySecurity(value: MemorySecurity): void {
  chosen = value;
}

/** What a thread started by the worker is told to follow. */
export function chosenMemorySecurity(): MemorySecurity {
  return chosen;
}

/** The pragma a connection opened in this thread runs, after its key. */
export function memorySecurityPragma(value: MemorySecurity = chosen): string {
  return `cipher_memory_security = ${value === 'off' ? 'OFF' : 'ON'}`;
}
