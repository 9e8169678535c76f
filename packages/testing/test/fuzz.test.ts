import { Command, CommandError, Extension, z, type CommandResult } from "@agx-ext/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzCommands } from "../src/fuzz.js";
import { createTestHost, type TestHost } from "../src/index.js";
import { startFakeProvider, type FakeProvider } from "@agx-ext/test-servers/provider";

let provider: FakeProvider;

/** Each command has exactly one way of breaking the host's promises, for the fuzzer to find. */
@Extension({ id: "fuzz-probe", name: "Fuzz probe", description: "Commands with known defects." })
class FuzzProbe {
  @Command({
    name: "Well Behaved",
    description: "Refuses what it cannot do.",
    input: z.object({ reps: z.number().int().min(1).max(100), name: z.string().max(50) }),
  })
  wellBehaved(input: { reps: number; name: string }): CommandResult {
    if (input.name.trim() === "") throw new CommandError("INVALID_INPUT", "name: must not be blank");
    return { data: { reps: input.reps }, markdown: `${input.reps} reps` };
  }

  @Command({ name: "Crashes On Big Numbers", description: "A column too small for the schema.", input: z.object({ reps: z.number().int() }) })
  crashesOnBigNumbers(input: { reps: number }): CommandResult {
    if (input.reps > 2 ** 31 - 1) throw new RangeError("value out of range for type integer");
    return { data: { reps: input.reps } };
  }

  @Command({ name: "Pages Forever", description: "Follows every page token.", input: z.object({ start: z.string().default("today") }) })
  async pagesForever(): Promise<CommandResult> {
    for (let i = 0; i < 40; i++) await fetch(`${provider.url}/page?n=${i}`);
    return { data: {} };
  }

  @Command({ name: "Blocks The Loop", description: "A synchronous loop.", input: z.object({ spin: z.boolean() }) })
  blocksTheLoop(input: { spin: boolean }): CommandResult {
    const until = Date.now() + (input.spin ? 400 : 0);
    while (Date.now() < until) {
      /* spin */
    }
    return { data: {} };
  }

  @Command({ name: "Hangs", description: "Never answers for some inputs.", input: z.object({ wait: z.boolean() }) })
  hangs(input: { wait: boolean }): Promise<CommandResult> {
    return input.wait ? new Promise(() => undefined) : Promise.resolve({ data: {} });
  }
}

let host: TestHost;
beforeAll(async () => {
  provider = await startFakeProvider({ routes: { "GET /page": () => ({ json: { next: "again" } }) } });
  host = await createTestHost({ extensions: [FuzzProbe] });
});
afterAll(async () => {
  await host.close();
  await provider.close();
});

describe("fuzzCommands", () => {
  it("passes a command that answers everything with a result or a clear error", async () => {
    const report = await fuzzCommands({ host, commands: ["Well Behaved"], runs: 60, seed: 7 });
    expect(report.failures).toEqual([]);
    expect(report.calls).toBe(60);
    expect(report.outcomes.ok).toBeGreaterThan(0);
    expect(report.outcomes.INVALID_INPUT).toBeGreaterThan(0);
  });

  it("finds the edge number a schema allows but the command cannot hold", async () => {
    const report = await fuzzCommands({ host, commands: ["Crashes On Big Numbers"], runs: 60 });
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures[0]).toMatchObject({ command: "fuzz-probe/Crashes On Big Numbers", problem: expect.stringContaining("INTERNAL") });
    expect((report.failures[0]!.input as { reps: number }).reps).toBeGreaterThan(2 ** 31 - 1);
  });

  it("counts provider requests per call against the bound", async () => {
    const report = await fuzzCommands({ host, commands: ["Pages Forever"], runs: 3, requestCount: () => provider.requests.length, maxRequestsPerCall: 10 });
    expect(report.failures.map((f) => f.problem)).toContain("sent 40 provider requests (at most 10 allowed)");
  });

  it("reports a call that blocks the event loop", async () => {
    const report = await fuzzCommands({ host, commands: ["Blocks The Loop"], runs: 12, stallMs: 200 });
    expect(report.failures.some((f) => (f.input as { spin?: boolean }).spin === true && f.problem.startsWith("blocked the event loop"))).toBe(true);
    expect(report.failures.every((f) => (f.input as { spin?: boolean }).spin === true)).toBe(true);
  });

  it("reports a call that never settles, and goes on", async () => {
    const report = await fuzzCommands({ host, commands: ["Hangs"], runs: 8, hangMs: 300 });
    const hung = report.failures.filter((f) => f.problem === "did not settle within 300 ms");
    expect(hung.length).toBeGreaterThan(0);
    expect(hung.every((f) => (f.input as { wait?: boolean }).wait === true)).toBe(true);
    expect(report.calls).toBe(8);
  });

  it("replays the same inputs for the same seed", async () => {
    const inputs = async (seed: number) => {
      const seen: unknown[] = [];
      const recording = { ...host, execute: (name: string, input: unknown, user?: string) => (seen.push(input), host.execute(name, input, user)) };
      await fuzzCommands({ host: recording, commands: ["Well Behaved"], runs: 10, seed });
      return JSON.stringify(seen);
    };
    expect(await inputs(3)).toBe(await inputs(3));
    expect(await inputs(3)).not.toBe(await inputs(4));
  });
});
