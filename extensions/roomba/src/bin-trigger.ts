import { z, type PollInput, type PollResult, type TriggerEvent } from "@agx-ext/core";
import { isCleaningCycle, type ReportedState } from "./robot-state.js";

/** One event each time the robot's bin fills up. */
export const binFullOutput = z.strictObject({
  robot_name: z.string().nullable().describe("the robot's name in the iRobot app; null when it did not report one"),
  mission_number: z
    .number()
    .nullable()
    .describe("the robot's mission counter when the bin filled (cleanMissionStatus.nMssn): the mission running, or the last one"),
  phase: z.string().nullable().describe('the mission phase the robot reported, e.g. "run", "stop", "charge"'),
  cleaning: z.boolean().describe("the robot was on a cleaning mission when its bin was found full"),
  detected_at: z.iso.datetime().describe("ISO 8601 time of the poll that found the bin full (within one poll interval of it filling)"),
});
/** An event of "Bin Full", typed from its output schema. */
export type BinFull = z.output<typeof binFullOutput>;

/**
 * What the host keeps between polls: whether the bin was full (null: not known yet), the mission counter then, and
 * how many times the bin filled during that mission (the event ids count on from it).
 */
const cursorSchema = z.object({ full: z.boolean().nullable(), mission: z.number().nullable(), fills: z.number().int().min(0) });
type Cursor = z.output<typeof cursorSchema>;

/**
 * "Bin Full", from the robot's reported state at this poll and the cursor of the last one: one event when `bin.full`
 * goes from false to true. A poll in which the robot did not report its bin keeps what was known (a robot without a
 * bin, such as a Braava, never reports one and never has an event). The first poll only records the state. Event ids
 * are the mission counter and the how-many-th fill of that mission it is, so a repeated poll reports a fill once and
 * a bin that fills again after being emptied mid-mission is a new event.
 */
export function pollBinFull(state: ReportedState, input: PollInput, now: Date): PollResult<BinFull> {
  const reported = state.bin?.full ?? null;
  const mission = state.cleanMissionStatus?.nMssn ?? null;
  const parsed = cursorSchema.safeParse(input.cursor);
  if (!parsed.success) return { events: [], cursor: { full: reported, mission, fills: 0 } satisfies Cursor };
  const previous = parsed.data;
  const full = reported ?? previous.full;
  let fills = mission === previous.mission ? previous.fills : 0;
  const events: TriggerEvent<BinFull>[] = [];
  if (previous.full === false && full === true) {
    fills += 1;
    events.push({
      id: `bin-full:${mission ?? "?"}:${fills}`,
      data: {
        robot_name: state.name ?? null,
        mission_number: mission,
        phase: state.cleanMissionStatus?.phase ?? null,
        cleaning: isCleaningCycle(state.cleanMissionStatus?.cycle),
        detected_at: now.toISOString(),
      },
    });
  }
  return { events, cursor: { full, mission, fills } satisfies Cursor };
}
