import type { KeyRevocations } from "./revocations.js";

/**
 * Asks `revocations` whether the per-process caches (API keys, tool sets) may answer, and remembers that it
 * asked. On SQLite each question reads the revision row, which costs system calls; a request asks once, in
 * its key check, and a later lookup of the same request passes the `mark()` taken before that check.
 *
 * Why a check made for any request since the mark will do: a change committed before that check is seen by
 * it (which clears the caches, moving their epoch), so whatever the caches still hold is as fresh as the
 * check, and the check came after the request began.
 *
 * The same reasoning lets the key checks of requests that arrive together share one question: `checkSoon`
 * asks once the event loop has taken in the requests that are ready (setImmediate runs after the poll phase),
 * so the answer comes after each of them began. Under load a turn holds a dozen requests or more.
 */
export class CacheGuard {
  private checks = 0;
  private lastAnswer = false;
  /** The question the requests of this turn wait for, until it is asked. */
  private soon: Promise<boolean> | undefined;

  constructor(private readonly revocations: KeyRevocations) {}

  /** Checks now: true when the caches may answer. */
  check(): boolean {
    this.lastAnswer = this.revocations.current();
    this.checks++;
    return this.lastAnswer;
  }

  /** Checks after the requests already arriving have begun, answering them all with one check. */
  checkSoon(): Promise<boolean> {
    this.soon ??= new Promise<boolean>((resolve) => {
      setImmediate(() => {
        this.soon = undefined; // requests that begin after this check need one of their own
        resolve(this.check());
      });
    });
    return this.soon;
  }

  /** Taken when a request begins, before its key check. */
  mark(): number {
    return this.checks;
  }

  /** Like check(), but answered without a new check when one was made since `mark` and the latest said yes. */
  checkSince(mark: number | undefined): boolean {
    if (mark !== undefined && this.checks > mark && this.lastAnswer) return true;
    return this.check();
  }
}
