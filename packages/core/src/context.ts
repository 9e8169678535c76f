import type { Logger } from "./logger.js";

/** What a command knows about the call it serves. Registered under the CONTEXT token. */
export interface CommandContext {
  readonly userId: string;
  readonly extensionId: string;
  readonly command: string;
  /** The account (label) the caller chose with the host's `account` input; undefined means the user's default account. */
  readonly account?: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** IANA time zone of the host (AGX_TIMEZONE or the system's). */
  readonly timeZone: string;
  /**
   * The host's public base URL (AGX_PUBLIC_URL, no trailing slash) when the host has one: where providers reach its
   * webhooks (`<publicUrl>/hooks/<extension>/<trigger>`). Undefined when the host is not reachable from outside.
   */
  readonly publicUrl?: string;
  now(): Date;
  /** Today's date as YYYY-MM-DD in the host time zone. */
  today(): string;
  /** Marks a value as secret for this call: it is scrubbed from errors and logs. */
  addSecret(value: string): void;
}
