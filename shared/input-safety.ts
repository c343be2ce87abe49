import { z } from 'zod';

/*
 * Checks every input must pass whatever its channel, before its own schema reads it: no object key
 * that could reach an object's prototype, no text the database would store other than as sent. A
 * lone UTF-16 surrogate comes back as U+FFFD and a NUL cannot be stored exactly, so both would
 * silently change what the clinician wrote; they are refused, naming the field, instead.
 *
 * The messages are written once here; the forms show them beside the field.
 */

/** Keys that name an object's prototype machinery: no schema of Alliance's uses them, and a merge that met one could pollute every object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any request Alliance sends (a plan's objectives are six levels down); also stops a cyclic input. */
export const MAX_INPUT_DEPTH = 32;

export const INPUT_SAFETY_MESSAGES = {
  forbiddenKey: 'Has a field name Alliance never uses (__proto__, constructor or prototype)',
  badKey: 'Has a field name with characters Alliance does not accept',
  loneSurrogate: 'Contains a broken character (half of a surrogate pair) that cannot be stored as typed; type or paste the text again',
  controlCharacter: 'Contains an invisible control character that cannot be stored as typed; remove it',
  tooDeep: 'Is nested deeper than any request Alliance knows',
  singleLine: 'Keep this to one line, without tabs or invisible control characters',
} as const;

/** One problem found: where (the field's path, as zod joins it) and what, in words a person can read. */
export type InputProblem = { path: string; message: string };

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls other than tab, line feed and carriage return, which free text keeps. */
const CONTROL_IN_TEXT = /[^\P{Cc}\t\n\r\u007F-\u009F]/u;
/** Every C0 control (tab and line breaks too), DEL, the C1 controls and the Unicode line and paragraph separators. */
const NOT_SINGLE_LINE = /[\p{Cc}\u2028\u2029]/u;

/** The problem with a piece of text anywhere in an input, or null: no lone surrogate, no control but tab and line breaks. */
export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return INPUT_SAFETY_MESSAGES.loneSurrogate;
  if (CONTROL_IN_TEXT.test(text)) return INPUT_SAFETY_MESSAGES.controlCharacter;
  return null;
}

export function isSingleLine(text: string): boolean {
  return !NOT_SINGLE_LINE.test(text);
}

/**
 * A string that must stay on one line: a name, a phone number, a dose. Checked before trimming, so
 * a line break at either end is refused too rather than silently dropped. Chain `.trim()`, `.min()`
 * and `.max()` after it; it stays a ZodString.
 */
export function singleLineString(): z.ZodString {
  return z.string().regex(/^[^\p{Cc}\u2028\u2029]*$/u, INPUT_SAFETY_MESSAGES.singleLine);
}

function isWalkable(value: object): boolean {
  if (Array.isArray(value)) return true;
  // Only plain objects can match a schema; anything else (a Date, a typed array) is refused by it, unread here.
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Walks an input as it arrived and answers the first problem: a forbidden or unreadable key, a lone
 * surrogate or a control character in any text, or nesting too deep. Null when there is none. The
 * path names only keys already found acceptable, never text from the input's values.
 */
export function findInputProblem(input: unknown): InputProblem | null {
  const walk = (value: unknown, path: readonly (string | number)[]): InputProblem | null => {
    if (typeof value === 'string') {
      const message = textProblem(value);
      return message ? { path: path.join('.'), message } : null;
    }
    if (typeof value !== 'object' || value === null || !isWalkable(value)) return null;
    if (path.length >= MAX_INPUT_DEPTH) return { path: path.join('.'), message: INPUT_SAFETY_MESSAGES.tooDeep };
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        const problem = walk(value[index], [...path, index]);
        if (problem) return problem;
      }
      return null;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key].join('.'), message: INPUT_SAFETY_MESSAGES.forbiddenKey };
      if (textProblem(key) !== null || !isSingleLine(key)) return { path: path.join('.'), message: INPUT_SAFETY_MESSAGES.badKey };
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = walk(item, [...path, key]);
      if (problem) return problem;
    }
    return null;
  };
  return walk(input, []);
}
