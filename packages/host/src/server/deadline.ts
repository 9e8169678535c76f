import { CommandError } from "@agx-ext/core";

const timeouts = new WeakSet<CommandError>();

/** True for the error `withDeadline` rejects with (answered 504 rather than 502). */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof CommandError && timeouts.has(error);
}

/** The error a call is answered with once its deadline passed. */
function deadlineError(what: string, timeoutMs: number): CommandError {
  const error = new CommandError(
    "PROVIDER_ERROR",
    `${what} did not finish within ${Math.round(timeoutMs / 100) / 10} s and was told to stop. Try again later.`,
    {
      details: { timeoutMs },
    },
  );
  timeouts.add(error);
  return error;
}

/**
 * Settles with `work`, or rejects once `timeoutMs` has passed, calling `expire` first (which aborts the work's
 * signal: the work is expected to stop; if it ignores that, the caller is answered anyway and its late result is
 * dropped). One plain timer, cleared as soon as the work settles: an AbortSignal.timeout would stay armed, and
 * referenced, for the whole timeout after every call.
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string, expire: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      expire();
      reject(deadlineError(what, timeoutMs));
    }, timeoutMs);
    // Like AbortSignal.timeout: a pending deadline alone does not keep the process running.
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
