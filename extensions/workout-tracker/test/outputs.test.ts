import { readExtension } from "@agx-ext/core";
import { DATABASES } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkoutTracker } from "../src/index.js";
import { startTracker, type Tracker } from "./harness.js";

const commands = readExtension(WorkoutTracker)!.commands;

/** The command's declared output schema; parsing must keep `data` as it is (an undeclared key would be refused). */
function expectDeclaredShape(name: string, data: unknown): void {
  const output = commands.find((c) => c.name === name)?.output;
  expect(output, `${name} declares output`).toBeDefined();
  const parsed = output!.safeParse(data);
  expect(parsed.error?.issues ?? [], `${name} data matches its output schema`).toEqual([]);
  expect(parsed.data).toEqual(data);
}

describe.each(DATABASES)("workout tracker outputs on %s", (dialect) => {
  let t: Tracker;

  beforeAll(async () => {
    t = await startTracker(dialect);
  });

  afterAll(async () => {
    await t?.close();
  });

  it("every command has a title, deliberate hints and an output schema, as the registry publishes them", () => {
    const entries = t.host.runtime.registry.list().filter((e) => e.extensionId === "workout-tracker");
    const hints = Object.fromEntries(
      entries.map((e) => [e.name, { mutates: e.mutates, destructive: e.destructive, idempotent: e.idempotent, openWorld: e.openWorld }]),
    );
    const read = { mutates: false, destructive: false, idempotent: true, openWorld: false };
    const write = { mutates: true, destructive: false, idempotent: true, openWorld: false };
    expect(hints).toEqual({
      "Set Daily Goal": write,
      "Get Daily Goals": read,
      "Update Daily Goal": write,
      "Delete Daily Goal": { ...write, destructive: true },
      "Mark Exercise Complete": write,
      "Get Daily Progress": read,
      "Get Weekly Progress": read,
      "Get Monthly Progress": read,
    });
    for (const entry of entries) {
      expect(entry.title, entry.name).not.toBe(entry.name);
      expect(entry.outputSchema, entry.name).toMatchObject({ type: "object", additionalProperties: false });
    }
  });

  it("every command's data matches its output schema, with and without goals and completions", async () => {
    const run = async (name: string, input: Record<string, unknown>, userId = "alice") => {
      const data = await t.run(name, input, userId);
      expectDeclaredShape(name, data);
      return data;
    };
    // An empty account first: no goals, no completions.
    await run("Get Daily Goals", {}, "empty");
    await run("Get Daily Progress", { check_date: "2024-02-20" }, "empty");
    await run("Get Weekly Progress", { week_start: "2024-02-19" }, "empty");
    await run("Get Monthly Progress", { month: "2024-02" }, "empty");

    await run("Set Daily Goal", { exercise_name: "curls", target_reps: 10, target_sets: 3, target_weight: 12.5, target_duration: 60, muscle_group: "arms" });
    await run("Set Daily Goal", { exercise_name: "squats", target_reps: 5 });
    await run("Update Daily Goal", { exercise_name: "squats", active: false });
    await run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completed_sets: 3, notes: "easy", completion_date: "2024-02-20" });
    await run("Mark Exercise Complete", { exercise_name: "planks", completed_reps: 1, completed_duration: 90, completion_date: "2024-02-21" });
    expect((await run("Get Daily Goals", { active_only: false })).goals).toHaveLength(2);
    expect((await run("Get Daily Progress", { check_date: "2024-02-20" })).goals_met).toBe(1);
    expect((await run("Get Weekly Progress", { week_start: "2024-02-19" })).weekly_progress).toHaveLength(7);
    expect((await run("Get Monthly Progress", { month: "2024-02" })).exercise_statistics).toHaveLength(2);
    await run("Delete Daily Goal", { exercise_name: "squats" });
  });
});
