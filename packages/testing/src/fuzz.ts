/**
 * A schema-driven fuzzer for every command of a test host: inputs generated from each command's published
 * JSON Schema (mostly valid values at the edges, some of the wrong shape), run one after another, and every
 * outcome checked against what the host promises any caller: a result or a clear CommandError, never
 * INTERNAL, never a hang, a bounded number of provider requests per call, and an event loop that keeps
 * turning.
 */
import { isCommandError } from "@agx-ext/core";
import fc from "fast-check";
import type { TestHost } from "./index.js";
import { arbitraryFor, wrongInput, type JsonSchema } from "./schema-arbitrary.js";

export interface FuzzOptions {
  host: TestHost;
  /** The user the commands run as; connect it first so commands reach the fake provider. Default "alice". */
  userId?: string;
  /** Fixed so a failure can be replayed; default 1. */
  seed?: number;
  /** Inputs per command; default 20. */
  runs?: number;
  /** Qualified names or plain names; default every command in the host's registry. */
  commands?: string[];
  /** Extra values to try for a field, by property name (ids the fake knows, a real exercise name...). */
  values?: Record<string, readonly unknown[]>;
  /** Total provider requests so far (the sum over the fakes); without it requests are not counted. */
  requestCount?: () => number;
  /** Default 25. */
  maxRequestsPerCall?: number;
  /** A call that has not settled after this long counts as hung; default 15000 ms. */
  hangMs?: number;
  /** An event-loop stall longer than this (a synchronous loop in a command) is a failure; default 3000 ms. */
  stallMs?: number;
}

export interface FuzzFailure {
  command: string;
  input: unknown;
  problem: string;
}

export interface FuzzReport {
  calls: number;
  /** Calls by outcome: "ok" or the error code. */
  outcomes: Record<string, number>;
  failures: FuzzFailure[];
}

const HUNG = Symbol("hung");

/** Runs every command with generated inputs and reports what broke the host's promises. */
export async function fuzzCommands(options: FuzzOptions): Promise<FuzzReport> {
  const { host, userId = "alice", seed = 1, runs = 20, maxRequestsPerCall = 25, hangMs = 15_000, stallMs = 3_000 } = options;
  const wanted = options.commands && new Set(options.commands);
  const entries = host.runtime.registry.list().filter((e) => !wanted || wanted.has(e.qualifiedName) || wanted.has(e.name));
  const report: FuzzReport = { calls: 0, outcomes: {}, failures: [] };
  const loop = new LoopWatch();
  try {
    for (const [index, entry] of entries.entries()) {
      const schema = entry.inputSchema as JsonSchema;
      const inputs = fc.sample(
        fc.oneof(
          { weight: 5, arbitrary: arbitraryFor(schema, options.values ? { values: options.values } : {}) },
          { weight: 1, arbitrary: wrongInput(schema) },
        ),
        { seed: seed + index, numRuns: runs },
      );
      for (const input of inputs) {
        const failure = await callOnce(input);
        if (failure) report.failures.push({ command: entry.qualifiedName, input: preview(input), problem: failure });
      }

      async function callOnce(input: unknown): Promise<string | undefined> {
        report.calls++;
        const before = options.requestCount?.() ?? 0;
        loop.start();
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<typeof HUNG>((resolve) => (timer = setTimeout(() => resolve(HUNG), hangMs)));
        const call = host.execute(entry.qualifiedName, input, userId).then(
          () => "ok",
          (error: unknown) => error,
        );
        const outcome = await Promise.race([call, hung]);
        clearTimeout(timer);
        const stalledMs = loop.stop();
        if (outcome === HUNG) return count("hung", `did not settle within ${hangMs} ms`);
        const requests = (options.requestCount?.() ?? 0) - before;
        if (requests > maxRequestsPerCall) return count(codeOf(outcome), `sent ${requests} provider requests (at most ${maxRequestsPerCall} allowed)`);
        if (stalledMs > stallMs) return count(codeOf(outcome), `blocked the event loop for ${Math.round(stalledMs)} ms`);
        if (outcome === "ok") return count("ok");
        if (!isCommandError(outcome)) return count("not a CommandError", `rejected with ${describe(outcome)}`);
        if (outcome.code === "INTERNAL") return count("INTERNAL", `INTERNAL: ${outcome.message}`);
        return count(outcome.code);
      }
    }
  } finally {
    loop.stop();
  }
  return report;

  function count(outcome: string, problem?: string): string | undefined {
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    return problem;
  }
}

/**
 * The longest time the event loop went without turning while a call ran: a heartbeat every 10 ms, and the
 * gap since the last beat when the call settles (a block just before settling shows no later beat).
 */
class LoopWatch {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private longest = 0;

  start(): void {
    this.stop();
    this.last = performance.now();
    this.longest = 0;
    this.timer = setInterval(() => this.beat(), 10);
  }

  /** Stops watching; the longest gap in milliseconds. */
  stop(): number {
    if (this.timer) this.beat();
    clearInterval(this.timer);
    this.timer = undefined;
    return this.longest;
  }

  private beat(): void {
    const now = performance.now();
    this.longest = Math.max(this.longest, now - this.last);
    this.last = now;
  }
}

function codeOf(outcome: unknown): string {
  return outcome === "ok" ? "ok" : isCommandError(outcome) ? outcome.code : "not a CommandError";
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Inputs are kept for the report; very long strings are shortened so a failure stays readable. */
function preview(input: unknown): unknown {
  return JSON.parse(
    JSON.stringify(input ?? null, (_key, value: unknown) =>
      typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}… (${value.length} chars)` : value,
    ),
  );
}
