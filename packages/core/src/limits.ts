/**
 * Size limits on what callers send. Every string a caller controls is bounded, so no input can make
 * the host spend time or memory in proportion to something absurd (a 1 MB command name, say).
 */

/** Longest command, qualified or tool name looked up; real ones are far shorter. */
export const MAX_NAME_LENGTH = 200;

/** Longest string input a command accepts when its schema does not declare its own maxLength. */
export const MAX_STRING_INPUT = 100_000;

/** Deepest nesting of objects and arrays accepted in a command's input. */
export const MAX_INPUT_DEPTH = 32;

/** How much of a caller's text an error message or a log line quotes. */
export const QUOTE_LENGTH = 60;

/** The start of a caller's text, for messages and logs: never more than `max` characters plus an ellipsis. */
export function clip(text: string, max = QUOTE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
