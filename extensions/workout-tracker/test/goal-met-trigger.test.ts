import { runPollTrigger } from "@agx-ext/testing";
import { DATABASES } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracker, type Tracker } from "./harness.js";

const TRIGGER = "workout-tracker/Daily Goal Met";

describe.each(DATABASES)("the Daily Goal Met trigger on %s", (dialect) => {
  let t: Tracker;
  beforeAll(async () => {
    t = await startTracker(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reports a goal once when reps and sets are reached, not before, and only the user's own", async () => {
    t.setNow("2024-03-04T09:00:00Z");
    await t.run("Set Daily Goal", { exercise_name: "push-ups", target_reps: 20, target_sets: 2 }, "g1");
    await t.run("Set Daily Goal", { exercise_name: "squats", target_reps: 10 }, "g1");
    await t.run("Mark Exercise Complete", { exercise_name: "push-ups", completed_reps: 25, completed_sets: 1 }, "g1");
    const first = await runPollTrigger(t.host, TRIGGER, { userId: "g1" });
    expect(first).toEqual({ events: [], cursor: { date: "2024-03-04", met: [] } }); // one set of two: not met

    t.setNow("2024-03-04T10:00:00Z");
    await t.run("Mark Exercise Complete", { exercise_name: "push-ups", completed_reps: 25, completed_sets: 2 }, "g1");
    const second = await runPollTrigger(t.host, TRIGGER, { userId: "g1", cursor: first.cursor });
    expect(second.events).toEqual([
      {
        id: "2024-03-04:push-ups",
        data: {
          date: "2024-03-04",
          exercise_name: "push-ups",
          target_reps: 20,
          target_sets: 2,
          completed_reps: 25,
          completed_sets: 2,
          completed_at: "2024-03-04T10:00:00.000Z",
        },
      },
    ]);
    const third = await runPollTrigger(t.host, TRIGGER, { userId: "g1", cursor: second.cursor });
    expect(third.events).toEqual([]); // already reported today
    expect((await runPollTrigger(t.host, TRIGGER, { userId: "someone-else" })).events).toEqual([]);
  });

  it("after midnight looks at the previous day once more, so a goal met late is not missed", async () => {
    t.setNow("2024-03-05T23:58:00Z");
    await t.run("Set Daily Goal", { exercise_name: "plank", target_reps: 1 }, "g2");
    const before = await runPollTrigger(t.host, TRIGGER, { userId: "g2" });
    t.setNow("2024-03-05T23:59:30Z");
    await t.run("Mark Exercise Complete", { exercise_name: "plank", completed_reps: 1 }, "g2");
    t.setNow("2024-03-06T00:03:00Z");
    const after = await runPollTrigger(t.host, TRIGGER, { userId: "g2", cursor: before.cursor });
    expect(after.events.map((e) => e.id)).toEqual(["2024-03-05:plank"]);
    expect(after.cursor).toEqual({ date: "2024-03-06", met: [] });
  });
});
