/**
 * An abort whose AbortSignal is made only when someone asks for it. Node 20 takes about 5 µs to make one, and most
 * commands never look at their signal; aborting before anyone asked is remembered, and the signal made afterwards is
 * already aborted, with the same reason.
 */
export class OnDemandAbort {
  private controller: AbortController | undefined;
  private abortedWith: { reason: unknown } | undefined;

  /** The signal (made on the first call); pass the function itself where a SignalSource is taken. */
  readonly signal = (): AbortSignal => {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  };

  /** Aborts once; later calls change nothing, as with AbortController. */
  abort(reason: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}
