import { CommandError } from "./errors.js";
import { clip } from "./limits.js";

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/** User ids end up in logs, URLs and every user-owned row: keep them plain. */
export function isValidUserId(id: unknown): id is string {
  return typeof id === "string" && USER_ID.test(id);
}

/** INVALID_INPUT for an id that breaks the rule, quoting only its start. */
export function invalidUserId(id: unknown): CommandError {
  if (typeof id !== "string" || id.trim() === "") return new CommandError("INVALID_INPUT", "A user id is required to run a command.");
  return new CommandError(
    "INVALID_INPUT",
    `"${clip(id)}" is not a valid user id: use up to 128 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.`,
  );
}
