import { addDays, z, type PollInput, type PollResult } from "@agx-ext/core";
import { dayParams } from "./inputs.js";
import { MAX_PAGES, type OuraApi } from "./oura-api.js";
import { dailySleep } from "./oura-types.js";

/** One event per day whose sleep score arrived. */
export const newDailySleepOutput = z.strictObject({
  day: z.string().describe("YYYY-MM-DD: the day the night ended on"),
  score: z.number().nullable().describe("Oura's sleep score, 0-100 (null when Oura has none yet)"),
});
/** One New Daily Sleep event: the day a night ended on and its sleep score. */
export type NewDailySleep = z.output<typeof newDailySleepOutput>;

/** What the host keeps between polls: the last day reported and the user's Oura id (asked for once). */
const cursorSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), account: z.string().optional() });

/** How far back the first poll looks for the latest day already there (which it does not report). */
const FIRST_LOOK_DAYS = 7;

/**
 * "New Daily Sleep": daily sleep documents for days after the last one reported. The first poll reports nothing:
 * it remembers the latest day already there, so subscribing does not replay the past week. Also reports the user's
 * Oura id, so Oura Data Changed notifications naming it reach this user.
 */
export async function pollNewDailySleep(api: OuraApi, today: string, input: PollInput): Promise<PollResult<NewDailySleep>> {
  const cursor = cursorSchema.safeParse(input.cursor);
  const previous = cursor.success ? cursor.data : undefined;
  const account = previous?.account ?? (await api.userId());
  const start = previous ? previous.day : addDays(today, -FIRST_LOOK_DAYS);
  const listing = await api.collection("daily_sleep", dayParams({ start, end: today }), dailySleep, MAX_PAGES.daily);
  const days = listing.items.filter((d) => d.day > start || (!previous && d.day === start)).sort((a, b) => a.day.localeCompare(b.day));
  const latest = days.at(-1)?.day ?? start;
  const events = previous ? days.map((d) => ({ id: d.day, data: { day: d.day, score: d.score ?? null } })) : [];
  return { events, cursor: { day: latest, ...(account ? { account } : {}) }, ...(account ? { account } : {}) };
}
