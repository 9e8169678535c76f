import { isCommandError, type CommandResult, type z } from "@agx-ext/core";
import { noteLines, table, type ReadNotes } from "../format.js";
import type { partError, SummaryOutput } from "../outputs.js";
import { MAX_PAGES, type Listing, type OuraApi } from "../oura-api.js";
import * as schema from "../oura-types.js";
import { dayParams, type DateRange } from "../inputs.js";

type PartError = z.output<typeof partError>;

/** One section of the summary: its documents, or why they could not be read. */
type Part<T> = { ok: true; data: T } | { ok: false; error: PartError };

/**
 * Runs one sub-request. A provider failure becomes that part's error; a connection that is gone
 * (NOT_CONNECTED) fails the whole command, since no part could succeed and the user must reconnect.
 */
async function part<T>(request: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, data: await request() };
  } catch (error) {
    if (!isCommandError(error) || error.code === "NOT_CONNECTED" || error.code === "NOT_CONFIGURED") throw error;
    const status = typeof error.details?.status === "number" ? error.details.status : undefined;
    return { ok: false, error: { code: error.code, message: error.message, ...(status !== undefined ? { status } : {}) } };
  }
}

function section<T>(title: string, result: Part<Listing<T>>, render: (docs: T[]) => string, keepWhenEmpty = false): string[] {
  if (!result.ok) return [`## ${title}`, `Could not read this part: ${result.error.message}`, ""];
  const notes = noteLines(result.data, MAX_PAGES.daily);
  if (!result.data.items.length && !keepWhenEmpty && !notes.length) return [];
  return [`## ${title}`, render(result.data.items), ...notes, ""];
}

/** Get Oura Ring Data: personal info and every daily collection of the range, in one report. */
export async function summary(api: OuraApi, range: DateRange): Promise<CommandResult<SummaryOutput>> {
  const window = dayParams(range);
  const [personalInfo, dailyActivity, dailySleep, dailyReadiness, dailyStress, dailySpo2, sleepTime, workouts, sessions] = await Promise.all([
    part(() => api.personalInfo()),
    part(() => api.collection("daily_activity", window, schema.dailyActivity, MAX_PAGES.daily)),
    part(() => api.collection("daily_sleep", window, schema.dailySleep, MAX_PAGES.daily)),
    part(() => api.collection("daily_readiness", window, schema.dailyReadiness, MAX_PAGES.daily)),
    part(() => api.collection("daily_stress", window, schema.dailyStress, MAX_PAGES.daily)),
    part(() => api.collection("daily_spo2", window, schema.dailySpo2, MAX_PAGES.daily)),
    part(() => api.collection("sleep_time", window, schema.sleepTime, MAX_PAGES.daily)),
    part(() => api.collection("workout", window, schema.workout, MAX_PAGES.daily)),
    part(() => api.collection("session", window, schema.session, MAX_PAGES.daily)),
  ]);

  const lines = [`# Oura Data Summary (${range.start} to ${range.end})`, ""];
  if (personalInfo.ok) {
    lines.push("## Personal Info", ...Object.entries(personalInfo.data).map(([k, v]) => `- ${k}: ${v ?? "N/A"}`), "");
  } else lines.push("## Personal Info", `Could not read this part: ${personalInfo.error.message}`, "");
  lines.push(
    ...section(
      "Daily Activity",
      dailyActivity,
      (d) =>
        table(
          ["Date", "Steps", "Calories"],
          d.map((a) => [a.day, a.steps, a.total_calories]),
          "No activity data found.",
        ),
      true,
    ),
  );
  lines.push(
    ...section("Daily Sleep", dailySleep, (d) =>
      table(
        ["Date", "Score"],
        d.map((s) => [s.day, s.score]),
        "",
      ),
    ),
    ...section("Daily Readiness", dailyReadiness, (d) =>
      table(
        ["Date", "Score", "Temperature deviation"],
        d.map((r) => [r.day, r.score, r.temperature_deviation]),
        "",
      ),
    ),
    ...section("Daily Stress", dailyStress, (d) =>
      table(
        ["Date", "Summary", "Stress high (s)", "Recovery high (s)"],
        d.map((s) => [s.day, s.day_summary, s.stress_high, s.recovery_high]),
        "",
      ),
    ),
    ...section("Daily SpO2", dailySpo2, (d) =>
      table(
        ["Date", "Average SpO2 %"],
        d.map((s) => [s.day, s.spo2_percentage?.average]),
        "",
      ),
    ),
    ...section("Sleep Time", sleepTime, (d) =>
      table(
        ["Date", "Recommendation", "Status"],
        d.map((s) => [s.day, s.recommendation, s.status]),
        "",
      ),
    ),
    ...section("Workouts", workouts, (d) =>
      table(
        ["Start", "Activity", "Calories", "Intensity"],
        d.map((w) => [w.start_datetime, w.activity, w.calories, w.intensity]),
        "",
      ),
    ),
    ...section("Sessions", sessions, (d) =>
      table(
        ["Start", "Type", "Mood"],
        d.map((s) => [s.start_datetime, s.type, s.mood]),
        "",
      ),
    ),
  );

  const data: SummaryOutput = {
    startDate: range.start,
    endDate: range.end,
    personalInfo: personalInfo.ok ? { data: personalInfo.data } : { error: personalInfo.error },
    dailyActivity: shape(dailyActivity),
    dailySleep: shape(dailySleep),
    dailyReadiness: shape(dailyReadiness),
    dailyStress: shape(dailyStress),
    dailySpo2: shape(dailySpo2),
    sleepTime: shape(sleepTime),
    workouts: shape(workouts),
    sessions: shape(sessions),
  };
  return { data, markdown: lines.join("\n").trimEnd() };
}

/** In `data` a collection part is either `{ data, skipped, truncated }` or `{ error }`. */
function shape<T>(result: Part<Listing<T>>): ({ data: T[] } & ReadNotes) | { error: PartError } {
  return result.ok ? { data: result.data.items, skipped: result.data.skipped, truncated: result.data.truncated } : { error: result.error };
}
