import { DATABASES } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_COUNT } from "../src/limits.js";
import { startTracker, type Tracker } from "./harness.js";

// Whatever a schema accepts, the command handles on both databases; whatever it cannot hold is refused
// as INVALID_INPUT naming the field, never INTERNAL.
describe.each(DATABASES)("input limits on %s", (dialect) => {
  let t: Tracker;
  beforeAll(async () => {
    t = await startTracker(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  const refused = (command: string, input: Record<string, unknown>, field: string, message: string | RegExp) =>
    expect(t.run(command, input, "limits")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(typeof message === "string" ? new RegExp(`${field}: .*${message}`) : message),
      details: { fields: [field] },
    });

  it("stores every count up to the int4 column's largest value", async () => {
    const goal = await t.run("Set Daily Goal", { exercise_name: "max", target_reps: MAX_COUNT, target_sets: MAX_COUNT, target_duration: MAX_COUNT }, "limits");
    expect(goal.goal).toMatchObject({ target_reps: MAX_COUNT, target_sets: MAX_COUNT, target_duration: MAX_COUNT });
    const updated = await t.run("Update Daily Goal", { exercise_name: "max", target_reps: MAX_COUNT - 1 }, "limits");
    expect(updated.goal.target_reps).toBe(MAX_COUNT - 1);
    for (const date of ["2024-03-01", "2024-03-02"]) {
      const done = await t.run(
        "Mark Exercise Complete",
        { exercise_name: "max", completed_reps: MAX_COUNT, completed_sets: MAX_COUNT, completed_duration: MAX_COUNT, completion_date: date },
        "limits",
      );
      expect(done.completion).toMatchObject({ completed_reps: MAX_COUNT, completed_sets: MAX_COUNT, completed_duration: MAX_COUNT });
    }
    // Totals add up in the command, beyond what one column holds.
    const month = await t.run("Get Monthly Progress", { month: "2024-03" }, "limits");
    expect(month.exercise_statistics).toEqual([expect.objectContaining({ exercise_name: "max", total_completions: 2, total_reps: 2 * MAX_COUNT })]);
  });

  it("refuses a count one above the column's range, naming the field", async () => {
    const tooBig = MAX_COUNT + 1;
    await refused("Set Daily Goal", { exercise_name: "big", target_reps: tooBig }, "target_reps", "2147483647");
    await refused("Set Daily Goal", { exercise_name: "big", target_reps: 1, target_sets: tooBig }, "target_sets", "2147483647");
    await refused("Set Daily Goal", { exercise_name: "big", target_reps: 1, target_duration: tooBig }, "target_duration", "2147483647");
    await refused("Update Daily Goal", { exercise_name: "max", target_reps: tooBig }, "target_reps", "2147483647");
    await refused("Mark Exercise Complete", { exercise_name: "big", completed_reps: tooBig }, "completed_reps", "2147483647");
    await refused("Mark Exercise Complete", { exercise_name: "big", completed_reps: 1, completed_sets: tooBig }, "completed_sets", "2147483647");
    await refused("Mark Exercise Complete", { exercise_name: "big", completed_reps: 1, completed_duration: tooBig }, "completed_duration", "2147483647");
    expect((await t.rows("daily_goals")).filter((r) => r.exercise_name === "big")).toEqual([]);
  });

  it("accepts dates, weeks and months across the whole supported range, years 0001-0099 included", async () => {
    for (const date of ["0001-01-01", "0050-02-28", "9998-12-31"]) {
      const done = await t.run("Mark Exercise Complete", { exercise_name: "edge", completed_reps: 1, completion_date: date }, "limits");
      expect(done.completion.completion_date).toBe(date);
      expect(await t.run("Get Daily Progress", { check_date: date }, "limits")).toMatchObject({ date });
    }
    const first = await t.run("Get Monthly Progress", { month: "0001-01" }, "limits");
    expect(first).toMatchObject({ month_start: "0001-01-01", month_end: "0001-01-31", days_in_month: 31, total_completions: 1 });
    expect(await t.run("Get Monthly Progress", { month: "0050-02" }, "limits")).toMatchObject({
      month_end: "0050-02-28",
      days_in_month: 28,
      total_completions: 1,
    });
    expect(await t.run("Get Monthly Progress", { month: "9998-12" }, "limits")).toMatchObject({ month_end: "9998-12-31", total_completions: 1 });

    // The last supported week start ends in the next year, still a four-digit date.
    const lastWeek = await t.run("Get Weekly Progress", { week_start: "9998-12-31" }, "limits");
    expect(lastWeek).toMatchObject({ week_start: "9998-12-31", week_end: "9999-01-06" });
    expect(lastWeek.weekly_progress.map((d: { date: string; completed_exercises: number }) => [d.date, d.completed_exercises])).toEqual([
      ["9998-12-31", 1],
      ["9999-01-01", 0],
      ["9999-01-02", 0],
      ["9999-01-03", 0],
      ["9999-01-04", 0],
      ["9999-01-05", 0],
      ["9999-01-06", 0],
    ]);
    const firstWeek = await t.run("Get Weekly Progress", { week_start: "0001-01-01" }, "limits");
    expect(firstWeek).toMatchObject({ week_start: "0001-01-01", week_end: "0001-01-07" });
    expect(firstWeek.weekly_progress[0]).toMatchObject({ date: "0001-01-01", day_of_week: "Monday", completed_exercises: 1 });
  });

  it("refuses dates, weeks and months outside the supported range, naming the field and the range", async () => {
    const range = "from 0001-01-01 to 9998-12-31";
    await refused("Get Monthly Progress", { month: "0000-01" }, "month", "from 0001-01 to 9998-12");
    await refused("Get Monthly Progress", { month: "9999-12" }, "month", "from 0001-01 to 9998-12");
    await refused("Get Weekly Progress", { week_start: "9999-12-31" }, "week_start", range);
    await refused("Get Weekly Progress", { week_start: "0000-12-31" }, "week_start", range);
    await refused("Get Daily Progress", { check_date: "0000-01-01" }, "check_date", range);
    await refused("Mark Exercise Complete", { exercise_name: "edge", completed_reps: 1, completion_date: "9999-01-01" }, "completion_date", range);
  });

  it("stores names, muscle groups and notes at their full length in multi-byte characters, and refuses one more", async () => {
    const name = "練".repeat(255); // three bytes each in UTF-8: the column limit counts characters
    const goal = await t.run("Set Daily Goal", { exercise_name: name, target_reps: 1, muscle_group: "ж".repeat(100) }, "limits");
    expect(goal.goal).toMatchObject({ exercise_name: name, muscle_group: "ж".repeat(100) });
    const done = await t.run("Mark Exercise Complete", { exercise_name: name, completed_reps: 1, notes: "é".repeat(2000) }, "limits");
    expect(done.completion.notes).toBe("é".repeat(2000));
    expect((await t.rows("daily_goals")).find((r) => r.exercise_name === name)).toMatchObject({ muscle_group: "ж".repeat(100) });

    await refused("Set Daily Goal", { exercise_name: "練".repeat(256), target_reps: 1 }, "exercise_name", /exercise_name/);
    await refused("Set Daily Goal", { exercise_name: "x", target_reps: 1, muscle_group: "ж".repeat(101) }, "muscle_group", /muscle_group/);
    await refused("Mark Exercise Complete", { exercise_name: "x", completed_reps: 1, notes: "é".repeat(2001) }, "notes", /notes/);
  });

  // The host refuses NUL in any string input (neither database can store one) before the command runs.
  it.each([
    ["Set Daily Goal", { exercise_name: "curl\u0000s", target_reps: 3 }, "exercise_name"],
    ["Set Daily Goal", { exercise_name: "curls", target_reps: 3, muscle_group: "arms\u0000" }, "muscle_group"],
    ["Update Daily Goal", { exercise_name: "curls", muscle_group: "\u0000" }, "muscle_group"],
    ["Delete Daily Goal", { exercise_name: "\u0000" }, "exercise_name"],
    ["Mark Exercise Complete", { exercise_name: "curl\u0000s", completed_reps: 3 }, "exercise_name"],
    ["Mark Exercise Complete", { exercise_name: "curls", completed_reps: 3, notes: "a\u0000b" }, "notes"],
    ["Mark Exercise Complete", { exercise_name: "curls", completed_reps: 3, completion_date: "2024-01-01\u0000" }, "completion_date"],
    ["Get Daily Progress", { check_date: "\u0000" }, "check_date"],
    ["Get Weekly Progress", { week_start: "\u0000" }, "week_start"],
    ["Get Monthly Progress", { month: "2024-01\u0000" }, "month"],
  ] as const)("refuses a NUL byte: %s %j", async (command, input, field) => {
    await refused(command, input, field, /NUL/);
    expect((await t.rows("daily_goals")).some((r) => String(r.exercise_name).includes("\u0000"))).toBe(false);
  });
});
