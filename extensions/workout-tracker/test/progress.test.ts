import { DATABASES } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracker, type Tracker } from "./harness.js";

describe.each(DATABASES)("completions and progress on %s", (dialect) => {
  let t: Tracker;
  beforeAll(async () => {
    t = await startTracker(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("marks today's completion, then replaces (not adds) the numbers and keeps notes when none are given", async () => {
    const first = await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 6, notes: "felt strong" }, "c1");
    expect(first).toEqual({
      success: true,
      message: "Marked 'curls' as completed for 2024-02-28",
      completion: {
        id: expect.any(Number),
        user_id: "c1",
        exercise_name: "curls",
        completion_date: "2024-02-28",
        completed_reps: 6,
        completed_sets: 1,
        completed_weight: 0,
        completed_duration: 0,
        notes: "felt strong",
        completed_at: "2024-02-28T12:00:00.000Z",
      },
    });
    t.setNow("2024-02-28T18:30:00Z");
    const second = await t.run(
      "Mark Exercise Complete",
      { exercise_name: "curls", completed_reps: 4, completed_sets: 2, completed_weight: 12.5, completion_date: "" },
      "c1",
    );
    expect(second.message).toBe("Updated completion for 'curls' on 2024-02-28");
    expect(second.completion).toMatchObject({
      id: first.completion.id,
      completed_reps: 4,
      completed_sets: 2,
      completed_weight: 12.5,
      notes: "felt strong",
      completed_at: "2024-02-28T18:30:00.000Z",
    });
    expect((await t.rows("daily_completions")).filter((r) => r.user_id === "c1")).toHaveLength(1);
  });

  it("accepts a completion without a goal, and a leap day; refuses impossible dates naming the field and format", async () => {
    const leap = await t.run("Mark Exercise Complete", { exercise_name: "jumping jacks", completed_reps: 50, completion_date: "2024-02-29" }, "c2");
    expect(leap.completion).toMatchObject({ completion_date: "2024-02-29", exercise_name: "jumping jacks" });
    for (const bad of ["2023-02-29", "2024-13-01", "28/02/2024", "2024-2-28"]) {
      await expect(t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 1, completion_date: bad }, "c2")).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringContaining("completion_date: expected a real date as YYYY-MM-DD"),
        details: { fields: ["completion_date"] },
      });
    }
    await expect(t.run("Get Daily Progress", { check_date: "yesterday" }, "c2")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["check_date"] },
    });
    await expect(t.run("Get Weekly Progress", { week_start: "2024-02-30" }, "c2")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["week_start"] },
    });
    await expect(t.run("Get Monthly Progress", { month: "2024-13" }, "c2")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("month: expected a month as YYYY-MM"),
    });
  });

  it("reports daily progress: active goals only, sets count, goal-less completions ignored", async () => {
    const u = "d1";
    await t.run("Set Daily Goal", { exercise_name: "Curls", target_reps: 10 }, u);
    await t.run("Set Daily Goal", { exercise_name: "Push-ups", target_reps: 20 }, u);
    await t.run("Set Daily Goal", { exercise_name: "Rows", target_reps: 8, target_sets: 3 }, u);
    await t.run("Set Daily Goal", { exercise_name: "Lunges", target_reps: 5 }, u);
    await t.run("Update Daily Goal", { exercise_name: "Lunges", active: false }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "Curls", completed_reps: 10, completion_date: "2024-02-20" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "Rows", completed_reps: 8, completed_sets: 2, completion_date: "2024-02-20" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "Lunges", completed_reps: 5, completion_date: "2024-02-20" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "Stretching", completed_reps: 1, completion_date: "2024-02-20" }, u);

    const result = await t.host.execute("Get Daily Progress", { check_date: "2024-02-20" }, u);
    const data = result.data as any;
    expect(data).toMatchObject({ success: true, date: "2024-02-20", total_goals: 3, completed_goals: 2, goals_met: 1 });
    expect(data.progress.map((p: any) => [p.exercise_name, p.completed, p.goal_met, p.completion?.completed_reps ?? null])).toEqual([
      ["Curls", true, true, 10],
      ["Push-ups", false, false, null],
      ["Rows", true, false, 8],
    ]);
    expect(data.progress[0]).toMatchObject({ target_reps: 10, user_id: u, completion: { completion_date: "2024-02-20" } });
    expect(result.markdown).toBe("**2024-02-20**: 1/3 goals met — ✅ Curls (10/10), ❌ Push-ups (0/20), ❌ Rows (8/8)");

    const today = await t.run("Get Daily Progress", {}, u);
    expect(today).toMatchObject({ date: "2024-02-28", completed_goals: 0, goals_met: 0, total_goals: 3 });
  });

  it("reports a week from Monday by default, and a given start across a month end and a leap day", async () => {
    const u = "w1";
    await t.run("Set Daily Goal", { exercise_name: "curls", target_reps: 10 }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 12, completion_date: "2024-02-26" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 3, completion_date: "2024-02-29" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "yoga", completed_reps: 1, completion_date: "2024-02-29" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completion_date: "2024-03-03" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completion_date: "2024-03-04" }, u);

    // 2024-02-28 is a Wednesday: the default week starts on Monday the 26th and ends on Sunday 3 March.
    const result = await t.host.execute("Get Weekly Progress", {}, u);
    const week = result.data as any;
    expect(week).toMatchObject({ success: true, week_start: "2024-02-26", week_end: "2024-03-03" });
    expect(week.weekly_progress.map((d: any) => [d.date, d.day_of_week, d.completed_exercises, d.goals_met])).toEqual([
      ["2024-02-26", "Monday", 1, 1],
      ["2024-02-27", "Tuesday", 0, 0],
      ["2024-02-28", "Wednesday", 0, 0],
      ["2024-02-29", "Thursday", 2, 0],
      ["2024-03-01", "Friday", 0, 0],
      ["2024-03-02", "Saturday", 0, 0],
      ["2024-03-03", "Sunday", 1, 1],
    ]);
    expect(week.weekly_progress[3]).toMatchObject({
      total_goals: 1,
      exercises: [{ exercise_name: "curls", target_reps: 10, completed: true, completed_reps: 3, goal_met: false }],
    });
    expect(week.weekly_progress[1].exercises).toEqual([{ exercise_name: "curls", target_reps: 10, completed: false, completed_reps: 0, goal_met: false }]);
    expect(result.markdown?.split("\n")[0]).toBe("**Week 2024-02-26 – 2024-03-03**");
    expect(result.markdown).toContain("- Thu 2024-02-29: 0/1 goals met — ❌ curls (3/10)");

    // A given start is not moved to a Monday.
    const fromThursday = await t.run("Get Weekly Progress", { week_start: "2024-02-29" }, u);
    expect(fromThursday).toMatchObject({ week_start: "2024-02-29", week_end: "2024-03-06" });
    expect(fromThursday.weekly_progress.map((d: any) => d.goals_met)).toEqual([0, 0, 0, 1, 1, 0, 0]);
  });

  it("reports a month with goal-less exercises, full-month rates and month boundaries", async () => {
    const u = "m1";
    await t.run("Set Daily Goal", { exercise_name: "curls", target_reps: 10, target_sets: 2 }, u);
    await t.run("Set Daily Goal", { exercise_name: "squats", target_reps: 5 }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completed_sets: 2, completion_date: "2024-02-01" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completed_sets: 1, completion_date: "2024-02-15" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "run", completed_reps: 1, completed_duration: 1800, completion_date: "2024-02-29" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completed_sets: 2, completion_date: "2024-01-31" }, u);
    await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 10, completed_sets: 2, completion_date: "2024-03-01" }, u);

    const result = await t.host.execute("Get Monthly Progress", {}, u);
    expect(result.data).toEqual({
      success: true,
      month: "2024-02",
      month_start: "2024-02-01",
      month_end: "2024-02-29",
      days_in_month: 29,
      exercise_statistics: [
        {
          exercise_name: "curls",
          total_completions: 2,
          total_reps: 20,
          goals_met: 1,
          days_in_month: 29,
          target_reps: 10,
          completion_rate: (2 / 29) * 100,
          goal_achievement_rate: (1 / 29) * 100,
        },
        {
          exercise_name: "run",
          total_completions: 1,
          total_reps: 1,
          goals_met: 0,
          days_in_month: 29,
          target_reps: 0,
          completion_rate: (1 / 29) * 100,
          goal_achievement_rate: 0,
        },
      ],
      total_active_goals: 2,
      total_completions: 3,
    });
    expect(result.markdown).toBe(
      "**2024-02**: 3 completions, 2 active goals\n- curls: 2/29 days, 20 reps, goal met 1 days (3.4%)\n- run: 1/29 days, 1 reps, no active goal",
    );

    expect(await t.run("Get Monthly Progress", { month: "2023-02" }, u)).toMatchObject({
      month_end: "2023-02-28",
      days_in_month: 28,
      total_completions: 0,
      exercise_statistics: [],
    });
    expect(await t.run("Get Monthly Progress", { month: "2024-12" }, u)).toMatchObject({
      month_start: "2024-12-01",
      month_end: "2024-12-31",
      days_in_month: 31,
    });
    expect(await t.run("Get Monthly Progress", { month: "2024-01" }, u)).toMatchObject({
      total_completions: 1,
      exercise_statistics: [{ exercise_name: "curls", goals_met: 1 }],
    });
  });
});

describe("today in the host time zone", () => {
  it("uses AGX_TIMEZONE's date, not UTC's", async () => {
    const t = await startTracker("sqlite", "Pacific/Auckland");
    try {
      // 2024-02-28T12:00Z is already 1 a.m. on 29 February in Auckland.
      const done = await t.run("Mark Exercise Complete", { exercise_name: "curls", completed_reps: 1 });
      expect(done.completion.completion_date).toBe("2024-02-29");
      expect(await t.run("Get Monthly Progress", {})).toMatchObject({ month: "2024-02", total_completions: 1 });
      expect(await t.run("Get Weekly Progress", {})).toMatchObject({ week_start: "2024-02-26" });
    } finally {
      await t.close();
    }
  });
});
