import type { KeyRevocations } from "./revocations.js";

/**
 * Asks `revocations` whether the per-process caches (API keys, tool sets) may answer, and remembers that it
 * asked. On SQLite each question reads the revision row, which costs system calls; a request asks once, in
 * its key check, and a later lookup of the same request passes the `mark()` taken before that check.
 *
 * Why a check made for any request since the mark will do: a change committed before that check is seen by
 * it (which clears the caches, moving their epoch), so whatever the caches still hold is as fresh as the
 * check, and the check came after the request began.
 */
export class CacheGuard {
  private checks = 0;
  private lastAnswer = false;

  constructor(private readonly revocations: KeyRevocations) {}

  /** Checks now: true when the caches may answer. */
  check(): boolean {
    this.lastAnswer = this.revocations.current();
    this.checks++;
    return this.lastAnswer;
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
