import { createTestHost } from "@agx-ext/testing";
import { DATABASES } from "@agx-ext/testing/database";
import { WorkoutTracker } from "../src/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracker, type Tracker } from "./harness.js";

describe.each(DATABASES)("users, concurrency and restarts on %s", (dialect) => {
  let t: Tracker;
  beforeAll(async () => {
    t = await startTracker(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps two users doing the same things apart, even when one names the other's id", async () => {
    for (const [user, reps] of [
      ["alice", 10],
      ["bob", 25],
    ] as const) {
      await t.run("Set Daily Goal", { exercise_name: "curls", target_reps: reps }, user);
      await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: reps, completion_date: "2024-02-20" }, user);
    }
    // Unknown fields such as a user id in the input are dropped; the caller's id is what counts.
    const sneaky = await t.run("Set Daily Goal", { exercise_name: "curls", target_reps: 1, user_id: "alice", userId: "alice" }, "bob");
    expect(sneaky.goal).toMatchObject({ user_id: "bob", target_reps: 1 });
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 0, completion_date: "2024-02-20", user_id: "alice" }, "bob");

    const alice = await t.run("Get Daily Progress", { check_date: "2024-02-20" }, "alice");
    expect(alice.progress).toHaveLength(1);
    expect(alice.progress[0]).toMatchObject({ user_id: "alice", target_reps: 10, goal_met: true, completion: { user_id: "alice", completed_reps: 10 } });
    expect((await t.run("Get Daily Goals", {}, "alice")).goals).toEqual([expect.objectContaining({ user_id: "alice", target_reps: 10 })]);

    const bob = await t.run("Get Daily Progress", { check_date: "2024-02-20" }, "bob");
    expect(bob.progress[0]).toMatchObject({ user_id: "bob", target_reps: 1, completion: { completed_reps: 0 } });

    // Bob cannot change or delete Alice's goals: his commands only reach his rows.
    await t.run("Delete Daily Goal", { exercise_name: "curls" }, "bob");
    await expect(t.run("Update Daily Goal", { exercise_name: "curls", target_reps: 99 }, "bob")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await t.run("Get Daily Goals", {}, "alice")).goals).toEqual([expect.objectContaining({ target_reps: 10 })]);
    expect(await t.run("Get Monthly Progress", { month: "2024-02" }, "carol")).toMatchObject({ total_completions: 0, total_active_goals: 0 });

    const goals = await t.rows("daily_goals");
    expect(goals.filter((r) => r.exercise_name === "curls" && ["alice", "bob"].includes(String(r.user_id))).map((r) => r.user_id)).toEqual(["alice"]);
  });

  it("ends 50 concurrent marks of the same exercise and day with exactly one row", async () => {
    const calls = Array.from({ length: 50 }, (_, i) =>
      t.run("Mark Exercise Complete", { exercise_name: "pull-ups", completed_reps: i + 1, completion_date: "2024-02-21" }, "racer"),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.success === true)).toBe(true);
    const rows = (await t.rows("daily_completions")).filter((r) => r.user_id === "racer");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ exercise_name: "pull-ups" });
    // The stored numbers are those of one of the calls, not a sum.
    expect(Number(rows[0]!.completed_reps)).toBeGreaterThanOrEqual(1);
    expect(Number(rows[0]!.completed_reps)).toBeLessThanOrEqual(50);
    expect(results.filter((r) => r.message.startsWith("Marked")).length).toBeGreaterThanOrEqual(1);
  });

  it("ends concurrent marks of one day from two hosts sharing the database with one row, and goals from both apart per user", async () => {
    const other = await createTestHost({ extensions: [WorkoutTracker], databaseUrl: t.database.url, dir: t.database.hostDir });
    try {
      const mark = (i: number) =>
        (i % 2 ? t.host : other).execute("Mark Exercise Complete", { exercise_name: "rows", completed_reps: i + 1, completion_date: "2024-02-23" }, "twin");
      const results = (await Promise.all(Array.from({ length: 40 }, (_, i) => mark(i)))).map((r) => r.data as { message: string; completion: { id: number } });
      expect(results.filter((r) => r.message.startsWith("Marked"))).toHaveLength(1);
      expect(new Set(results.map((r) => r.completion.id)).size).toBe(1);
      const rows = (await t.rows("daily_completions")).filter((r) => r.user_id === "twin");
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.completed_reps)).toBeGreaterThanOrEqual(1);
      expect(Number(rows[0]!.completed_reps)).toBeLessThanOrEqual(40);

      // A goal set through one host is read through the other, by its owner only.
      await other.execute("Set Daily Goal", { exercise_name: "rows", target_reps: 12 }, "twin");
      await t.host.execute("Set Daily Goal", { exercise_name: "rows", target_reps: 3 }, "stranger");
      expect((await t.run("Get Daily Goals", {}, "twin")).goals).toEqual([expect.objectContaining({ user_id: "twin", target_reps: 12 })]);
      expect((await other.execute("Get Daily Goals", { active_only: true }, "stranger")).data).toMatchObject({
        goals: [{ user_id: "stranger", target_reps: 3 }],
      });
    } finally {
      await other.close();
    }
  });

  it("keeps the data across a host restart", async () => {
    await t.run("Set Daily Goal", { exercise_name: "deadlifts", target_reps: 5, target_weight: 100 }, "keeper");
    await t.run("Mark Exercise Complete", { exercise_name: "deadlifts", completed_reps: 5, notes: "PR", completion_date: "2024-02-22" }, "keeper");
    await t.restart();
    const progress = await t.run("Get Daily Progress", { check_date: "2024-02-22" }, "keeper");
    expect(progress).toMatchObject({
      goals_met: 1,
      progress: [{ exercise_name: "deadlifts", target_weight: 100, completion: { notes: "PR", completed_reps: 5 } }],
    });
    const again = await t.run("Mark Exercise Complete", { exercise_name: "deadlifts", completed_reps: 6, completion_date: "2024-02-22" }, "keeper");
    expect(again).toMatchObject({ message: "Updated completion for 'deadlifts' on 2024-02-22", completion: { notes: "PR" } });
  });
});
