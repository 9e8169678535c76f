import type { CancelableRequest } from "got";

/**
 * Gives a got handler's own promise a `cancel()` that cancels the request under it. got assigns the inner
 * promise's unbound `cancel` to a handler's promise, and p-cancelable's `cancel` then fails on its private
 * state (`Cannot read private member #state`), so a caller's `request.cancel()` would crash; the setter
 * ignores that assignment.
 */
export function forwardCancel(wrapped: Promise<unknown>, request: Pick<CancelableRequest, "cancel">): void {
  Object.defineProperty(wrapped, "cancel", {
    enumerable: true,
    get: () => (reason?: string) => request.cancel(reason),
    set: () => undefined,
  });
}
