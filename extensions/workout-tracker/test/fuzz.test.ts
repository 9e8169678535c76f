import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { DATABASES } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracker, type Tracker } from "./harness.js";

// Every command with inputs generated from its JSON Schema (edges: 2^31, 0000-01-01, 9999-12-31, NUL,
// long and unicode strings...): a result or a clear CommandError on both databases, never INTERNAL.
describe.each(DATABASES)("fuzzing every command on %s", (dialect) => {
  let t: Tracker;
  beforeAll(async () => {
    t = await startTracker(dialect);
    // A goal and a completion the generated inputs can name, so updates, deletes and reports reach rows.
    await t.run("Set Daily Goal", { exercise_name: "curls", target_reps: 10 });
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers every generated input with a result or a clear error", async () => {
    const report = await fuzzCommands({ host: t.host, seed: 1, runs: 40, values: { exercise_name: ["curls"] } });
    expect(report.failures).toEqual([]);
    expect(report.calls).toBe(8 * 40);
    expect(report.outcomes.ok).toBeGreaterThan(0);
    expect(report.outcomes.INVALID_INPUT).toBeGreaterThan(0);
  });
});
