/**
 * Tool calls in flight on this process, so that a `notifications/cancelled` (which a stateless MCP
 * endpoint receives in a POST of its own) can abort the call it names. JSON-RPC ids are the client's
 * own and two clients of one user may use the same one: a cancellation is applied only when exactly one
 * call of that user has the id, never guessed. Several processes behind one address each know only their
 * own calls; the command deadline still bounds the rest.
 */
export class InFlightCalls {
  private readonly calls = new Map<string, Set<AbortController>>();

  /** Registers a call; the returned signal fires on cancellation. Call `done` when the request ends. */
  start(userId: string, requestId: string | number): { signal: AbortSignal; done(): void } {
    const key = keyOf(userId, requestId);
    const controller = new AbortController();
    const set = this.calls.get(key) ?? new Set();
    set.add(controller);
    this.calls.set(key, set);
    return {
      signal: controller.signal,
      done: () => {
        set.delete(controller);
        if (set.size === 0 && this.calls.get(key) === set) this.calls.delete(key);
      },
    };
  }

  /** Aborts the user's call with this id; true when there was exactly one. */
  cancel(userId: string, requestId: string | number, reason?: string): boolean {
    const set = this.calls.get(keyOf(userId, requestId));
    if (!set || set.size !== 1) return false;
    for (const controller of set) controller.abort(new DOMException(reason ?? "The client cancelled the request.", "AbortError"));
    return true;
  }
}

function keyOf(userId: string, requestId: string | number): string {
  return `${userId}\u0000${typeof requestId}:${requestId}`;
}
