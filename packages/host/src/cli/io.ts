import type { Host, HostOptions } from "../host.js";
import type { Installed } from "../installed.js";

/** Where a subcommand writes; the real process uses stdout and stderr. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  io: CliIO;
  /** Creates the host lazily, so subcommands that need none stay fast. */
  host(): Promise<Host>;
  /** What is installed, from manifests only: for listing and checks that run nothing. */
  installed(): Promise<Installed>;
  hostOptions: HostOptions;
}

/** The user a subcommand acts for when --user is not given. */
export const DEFAULT_USER = "default";

/** Exit codes: 0 ok, 1 the command failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in the command line itself; reported without a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type Subcommand = (args: string[], context: CliContext) => Promise<number>;
