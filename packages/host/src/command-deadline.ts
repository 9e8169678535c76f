import type { CommandResult } from "@agx-ext/core";
import type { Runtime } from "@agx-ext/core/host";
import { observeCall } from "./activity/recorder.js";
import { OnDemandAbort } from "./on-demand-abort.js";
import { withDeadline } from "./server/deadline.js";

/** How long a command may run when AGX_COMMAND_TIMEOUT_MS is not set: the same for HTTP, MCP and agx run. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;

/** AGX_COMMAND_TIMEOUT_MS as milliseconds; unset or empty means the default, anything but a positive number is refused. */
export function commandTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const value = env.AGX_COMMAND_TIMEOUT_MS;
  if (value === undefined || value.trim() === "") return DEFAULT_COMMAND_TIMEOUT_MS;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`AGX_COMMAND_TIMEOUT_MS must be a positive number of milliseconds, got "${value.slice(0, 20)}"`);
  return parsed;
}

export interface DeadlineOptions {
  userId: string;
  timeoutMs: number;
  /** Aborts the command early too, e.g. an MCP `notifications/cancelled` or a closed connection. */
  signal?: AbortSignal;
  requestId?: string;
}

/**
 * Runs a command bound by the command deadline: its AbortSignal fires after `timeoutMs` (or when `signal`
 * does), and the caller is answered PROVIDER_ERROR at the deadline even if the command ignores the signal.
 * The deadline is one plain timer, cleared when the call settles, and the command's signal carries the reasons
 * AbortSignal.timeout and AbortSignal.any give; it is made only if the command asks for it.
 */
export function executeWithDeadline(runtime: Runtime, name: string, input: unknown, options: DeadlineOptions): Promise<CommandResult> {
  const entry = runtime.registry.find(name);
  const call = new OnDemandAbort();
  const abort = (reason: unknown) => call.abort(reason);
  const outer = options.signal;
  const forward = () => abort(outer!.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  const execution = runtime.execute(entry.qualifiedName, input, {
    userId: options.userId,
    signal: call.signal,
    ...(options.requestId ? { requestId: options.requestId } : {}),
  });
  const expire = () => abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  const answer = withDeadline(execution, options.timeoutMs, `"${entry.name}"`, expire);
  if (outer) {
    const unlisten = () => outer.removeEventListener("abort", forward);
    answer.then(unlisten, unlisten);
  }
  observeCall(runtime, options.userId, entry.qualifiedName, answer);
  return answer;
}
