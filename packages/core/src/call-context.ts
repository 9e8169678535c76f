import type { CommandContext } from "./context.js";
import type { Logger } from "./logger.js";

/** A call's signal, or a function that makes it when the command first asks (see ExecuteOptions.signal). */
export type SignalSource = AbortSignal | (() => AbortSignal);

export interface CallContextInit {
  userId: string;
  extensionId: string;
  command: string;
  account: string | undefined;
  signal: SignalSource | undefined;
  logger: Logger;
  timeZone: string;
  publicUrl: string | undefined;
  now: () => Date;
  today: () => string;
  addSecret: (value: string) => void;
}

/**
 * A call's CommandContext. Its signal is made when the command first asks for it: Node 20 takes about 5 µs to make
 * an AbortSignal, as much as a twelfth of a trivial HTTP call, and most commands never look at theirs. A class with
 * the getter on its prototype: V8 builds an object literal holding a getter on its slow path, which costs more
 * than the signal. The methods stay own properties, so a command may still take `now` or `today` off the context.
 */
export class CallContext implements CommandContext {
  readonly userId: string;
  readonly extensionId: string;
  readonly command: string;
  // Declared, not defined: a call without an account or a host without a public URL has no such property at all.
  declare readonly account?: string;
  declare readonly publicUrl?: string;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly now: () => Date;
  readonly today: () => string;
  readonly addSecret: (value: string) => void;
  #signal: AbortSignal | undefined;
  readonly #source: SignalSource | undefined;

  constructor(init: CallContextInit) {
    this.userId = init.userId;
    this.extensionId = init.extensionId;
    this.command = init.command;
    if (init.account !== undefined) this.account = init.account;
    this.#source = init.signal;
    this.logger = init.logger;
    this.timeZone = init.timeZone;
    if (init.publicUrl) this.publicUrl = init.publicUrl;
    this.now = init.now;
    this.today = init.today;
    this.addSecret = init.addSecret;
  }

  /** The caller's signal; without one, a signal that never aborts. */
  get signal(): AbortSignal {
    const source = this.#source;
    return (this.#signal ??= typeof source === "function" ? source() : (source ?? new AbortController().signal));
  }
}
