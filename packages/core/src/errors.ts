/** The failure kinds every caller (CLI, HTTP, MCP) knows how to render. */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "NOT_CONFIGURED",
  "NOT_CONNECTED",
  "UNAUTHORIZED",
  "RATE_LIMITED",
  "PROVIDER_ERROR",
  "NOT_FOUND",
  "CONFLICT",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CommandErrorOptions {
  /** Extra structured facts for the caller (field names, suggestions, retry time). Never secrets. */
  details?: Record<string, unknown>;
  /** Seconds the caller should wait before retrying (RATE_LIMITED). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** A failure with a code and a message a person can act on. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: CommandErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.details) this.details = options.details;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown>; retryAfterSeconds?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

export function isCommandError(value: unknown): value is CommandError {
  // Duck-typed so a CommandError from another copy of this package is still recognised.
  return (
    value instanceof CommandError ||
    (value instanceof Error && value.name === "CommandError" && ERROR_CODES.includes((value as { code?: ErrorCode }).code as ErrorCode))
  );
}
