import { CommandError } from "@agx-ext/core";

const timeouts = new WeakSet<CommandError>();

/** True for the error `withDeadline` rejects with (answered 504 rather than 502). */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof CommandError && timeouts.has(error);
}

/**
 * Settles with `work`, or rejects once `signal` fires. The command got the same signal and is expected
 * to stop; if it ignores it, the caller is answered anyway and the command's late result is dropped.
 */
export function withDeadline<T>(work: Promise<T>, signal: AbortSignal, what: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const expire = () => {
      const error = new CommandError(
        "PROVIDER_ERROR",
        `${what} did not finish within ${Math.round(timeoutMs / 100) / 10} s and was told to stop. Try again later.`,
        { details: { timeoutMs } },
      );
      timeouts.add(error);
      reject(error);
    };
    if (signal.aborted) return expire();
    signal.addEventListener("abort", expire, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", expire);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", expire);
        reject(error as Error);
      },
    );
  });
}
