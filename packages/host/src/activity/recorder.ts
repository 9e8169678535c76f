import { isCommandError } from "@agx-ext/core";
import { type Runtime } from "@agx-ext/core/host";
import type { CallLog } from "./call-log.js";

/**
 * Which runtime records its calls where. Every command call of the host, from HTTP, MCP (HTTP and stdio) and
 * `agx run`, goes through executeWithDeadline with the runtime: recording there covers them all without each
 * caller passing the log along. Keyed weakly so a closed host's runtime is not kept alive.
 */
const logs = new WeakMap<Runtime, CallLog>();

export function recordCallsOf(runtime: Runtime, log: CallLog): void {
  logs.set(runtime, log);
}

/** Records how a call ended once it has, without delaying or changing its answer. */
export function observeCall(runtime: Runtime, userId: string, command: string, call: Promise<unknown>): void {
  const log = logs.get(runtime);
  if (!log?.enabled) return;
  const startedAt = new Date();
  const began = performance.now();
  const done = (outcome: string) => log.record({ userId, command, startedAt, durationMs: performance.now() - began, outcome });
  call.then(
    () => done("ok"),
    (error: unknown) => done(isCommandError(error) ? error.code : "INTERNAL"),
  );
}
