import { DATABASES } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracker, type Tracker } from "./harness.js";

describe.each(DATABASES)("daily goals on %s", (dialect) => {
  let t: Tracker;
  beforeAll(async () => {
    t = await startTracker(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("sets a goal with the original's defaults, then updates it on the second set", async () => {
    const first = await t.run("Set Daily Goal", { exercise_name: "curls", target_reps: 10 }, "u1");
    expect(first).toEqual({
      success: true,
      message: "Daily goal for 'curls' set successfully",
      goal: {
        id: expect.any(Number),
        user_id: "u1",
        exercise_name: "curls",
        target_reps: 10,
        target_sets: 1,
        target_weight: 0,
        target_duration: 0,
        muscle_group: "",
        active: true,
        created_at: "2024-02-28T12:00:00.000Z",
        updated_at: "2024-02-28T12:00:00.000Z",
      },
    });
    await t.run(
      "Set Daily Goal",
      { exercise_name: "squats", target_reps: 5, target_sets: 3, target_weight: 60.5, target_duration: 90, muscle_group: "legs" },
      "u1",
    );
    await t.run("Update Daily Goal", { exercise_name: "squats", active: false }, "u1");
    t.setNow("2024-02-28T13:00:00Z");
    const again = await t.run("Set Daily Goal", { exercise_name: "squats", target_reps: 8 }, "u1");
    expect(again.message).toBe("Daily goal for 'squats' updated successfully");
    // Omitted numbers go back to their defaults, an empty muscle group keeps the stored one, the goal is active again.
    expect(again.goal).toMatchObject({ target_reps: 8, target_sets: 1, target_weight: 0, target_duration: 0, muscle_group: "legs", active: true });
    expect(again.goal.created_at).toBe("2024-02-28T12:00:00.000Z");
    expect(again.goal.updated_at).toBe("2024-02-28T13:00:00.000Z");
    const rows = (await t.rows("daily_goals")).filter((r) => r.user_id === "u1");
    expect(rows.map((r) => r.exercise_name)).toEqual(["curls", "squats"]);
  });

  it("lists active goals by name by default, and all goals on request", async () => {
    for (const name of ["rows", "Curls", "burpees"]) await t.run("Set Daily Goal", { exercise_name: name, target_reps: 12 }, "u2");
    await t.run("Update Daily Goal", { exercise_name: "rows", active: false }, "u2");
    const active = await t.host.execute("Get Daily Goals", {}, "u2");
    expect(active.data).toMatchObject({ success: true, goals: [{ exercise_name: "Curls" }, { exercise_name: "burpees" }] });
    expect(active.markdown).toBe("- **Curls**: 12 reps × 1 set\n- **burpees**: 12 reps × 1 set");
    const all = await t.run("Get Daily Goals", { active_only: false }, "u2");
    expect(all.goals.map((g: { exercise_name: string; active: boolean }) => [g.exercise_name, g.active])).toEqual([
      ["Curls", true],
      ["burpees", true],
      ["rows", false],
    ]);
    expect((await t.host.execute("Get Daily Goals", {}, "nobody")).markdown).toBe("No active daily goals.");
  });

  it("updates only the given fields and treats names as case-sensitive", async () => {
    await t.run("Set Daily Goal", { exercise_name: "plank", target_reps: 1, target_duration: 60, muscle_group: "core" }, "u3");
    t.setNow("2024-02-28T14:00:00Z");
    const updated = await t.run("Update Daily Goal", { exercise_name: "plank", target_duration: 120, target_sets: null }, "u3");
    expect(updated).toMatchObject({
      success: true,
      message: "Daily goal for 'plank' updated successfully",
      goal: { target_reps: 1, target_sets: 1, target_duration: 120, muscle_group: "core", active: true, updated_at: "2024-02-28T14:00:00.000Z" },
    });
    await expect(t.run("Update Daily Goal", { exercise_name: "Plank", target_reps: 2 }, "u3")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/^Daily goal not found: there is no goal for 'Plank'/),
    });
  });

  it("deletes a goal and keeps its completions", async () => {
    await t.run("Set Daily Goal", { exercise_name: "dips", target_reps: 10 }, "u4");
    await t.run("Mark Exercise Complete", { exercise_name: "dips", completed_reps: 10, completion_date: "2024-02-10" }, "u4");
    expect(await t.run("Delete Daily Goal", { exercise_name: "dips" }, "u4")).toEqual({ success: true, message: "Daily goal for 'dips' deleted successfully" });
    expect((await t.run("Get Daily Goals", { active_only: false }, "u4")).goals).toEqual([]);
    const month = await t.run("Get Monthly Progress", { month: "2024-02" }, "u4");
    expect(month.exercise_statistics).toMatchObject([{ exercise_name: "dips", total_completions: 1, target_reps: 0, goals_met: 0 }]);
    await expect(t.run("Delete Daily Goal", { exercise_name: "dips" }, "u4")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects bad input naming the field", async () => {
    await expect(t.run("Set Daily Goal", { exercise_name: "curls", target_reps: "ten" }, "u5")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["target_reps"] },
    });
    await expect(t.run("Set Daily Goal", { exercise_name: "", target_reps: 3 }, "u5")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["exercise_name"] },
    });
    await expect(t.run("Set Daily Goal", { exercise_name: "curls", target_reps: -1 }, "u5")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await t.rows("daily_goals").then((rows) => rows.filter((r) => r.user_id === "u5"))).toEqual([]);
  });
});
