import { oauth2, type HttpClient } from "@agx-ext/auth";
import { Command, CONTEXT, Extension, HTTP, inject, SETTINGS, Trigger, z, type CommandContext, type PollInput, type WebhookRequest } from "@agx-ext/core";
import { activity, readiness, sleep, workouts } from "./commands/focused.js";
import { heartRate } from "./commands/heart-rate.js";
import { summary } from "./commands/summary.js";
import { OuraApi } from "./oura-api.js";
import * as out from "./outputs.js";
import { heartRateInput, rangeInput, resolveRange, type DateRange } from "./inputs.js";
import { OURA_SCOPES, ouraSettings, type OuraSettings } from "./settings.js";
import { newDailySleepOutput, pollNewDailySleep } from "./sleep-trigger.js";
import { setupOuraWebhooks } from "./webhook-subscriptions.js";
import { mapOuraNotification, ouraDataChangedOutput } from "./webhook-trigger.js";

/**
 * Every command only reads from Oura: nothing changes at Oura or in the host, so each is read-only,
 * idempotent and open-world (it reaches Oura's API).
 */
const READ = { mutates: false, destructive: false, idempotent: true, openWorld: true } as const;

/** The Oura extension: sleep, readiness, activity, heart rate and workouts from the Oura API v2. */
@Extension({
  id: "oura",
  name: "Oura",
  category: "Health & Fitness",
  description: "Oura Ring sleep, readiness, activity, heart rate and workouts through the Oura API v2 (OAuth 2.0).",
  settings: ouraSettings,
  auth: oauth2({
    authorizeUrl: "https://cloud.ouraring.com/oauth/authorize",
    tokenUrl: "https://api.ouraring.com/oauth/token",
    scopes: OURA_SCOPES,
    pkce: false,
    clientAuth: "body",
    clientIdSetting: "OURA_CLIENT_ID",
    clientSecretSetting: "OURA_CLIENT_SECRET",
  }),
})
export class Oura {
  private readonly api: OuraApi;

  constructor(
    @inject(HTTP) http: HttpClient,
    @inject(SETTINGS) settings: OuraSettings,
    @inject(CONTEXT) private readonly context: CommandContext,
  ) {
    this.api = new OuraApi(http, settings.OURA_API_URL);
  }

  private range(input: z.output<typeof rangeInput>): DateRange {
    return resolveRange(input, this.context.today());
  }

  @Command({
    name: "Get Oura Ring Data",
    description:
      "Summary of personal info, daily activity, sleep, readiness, stress, SpO2, sleep time, workouts and sessions over a date range (default: the last 7 days).",
    input: rangeInput,
    title: "Oura Data Summary",
    output: out.summaryOutput,
    ...READ,
  })
  getOuraRingData(input: z.output<typeof rangeInput>) {
    return summary(this.api, this.range(input));
  }

  @Command({
    name: "Get Oura Sleep",
    title: "Oura Sleep",
    description: "Daily sleep scores and each sleep period (stages, efficiency, heart rate) over a date range.",
    input: rangeInput,
    output: out.sleepOutput,
    ...READ,
  })
  getSleep(input: z.output<typeof rangeInput>) {
    return sleep(this.api, this.range(input));
  }

  @Command({
    name: "Get Oura Readiness",
    title: "Oura Readiness",
    description: "Daily readiness score, temperature deviation and contributors over a date range.",
    input: rangeInput,
    output: out.readinessOutput,
    ...READ,
  })
  getReadiness(input: z.output<typeof rangeInput>) {
    return readiness(this.api, this.range(input));
  }

  @Command({
    name: "Get Oura Activity",
    title: "Oura Activity",
    description: "Daily steps, calories, walking distance and activity minutes over a date range.",
    input: rangeInput,
    output: out.activityOutput,
    ...READ,
  })
  getActivity(input: z.output<typeof rangeInput>) {
    return activity(this.api, this.range(input));
  }

  @Command({
    name: "Get Oura Heart Rate",
    description: "Heart-rate samples over a date range of at most 30 days, summarised per day (min, average, max).",
    input: heartRateInput,
    title: "Oura Heart Rate",
    output: out.heartRateOutput,
    ...READ,
  })
  getHeartRate(input: z.output<typeof heartRateInput>) {
    return heartRate(this.api, this.range(input), this.context.timeZone, input.include_samples);
  }

  @Command({
    name: "Get Oura Workouts",
    title: "Oura Workouts",
    description: "Workouts (activity, duration, calories, intensity) over a date range.",
    input: rangeInput,
    output: out.workoutsOutput,
    ...READ,
  })
  getWorkouts(input: z.output<typeof rangeInput>) {
    return workouts(this.api, this.range(input));
  }

  @Trigger({
    name: "New Daily Sleep",
    description: "A night's sleep score arrived (one event per day). Also tells the host the user's Oura id, so Oura Data Changed reaches them.",
    kind: "poll",
    every: "15m",
    output: newDailySleepOutput,
  })
  newDailySleep(input: PollInput) {
    return pollNewDailySleep(this.api, this.context.today(), input);
  }

  @Trigger({
    name: "Oura Data Changed",
    description:
      "Oura's webhook: a daily sleep, readiness or activity document or a workout was created or updated. Reaches users whose Oura id a New Daily Sleep poll reported.",
    kind: "webhook",
    output: ouraDataChangedOutput,
    verify: {
      // Oura signs "<x-oura-timestamp><body>" with the app's client secret (HMAC-SHA256, hex).
      signature: { setting: "OURA_CLIENT_SECRET", header: "x-oura-signature", timestampHeader: "x-oura-timestamp" },
      challenge: { query: "challenge", tokenQuery: "verification_token", tokenSetting: "OURA_WEBHOOK_VERIFICATION_TOKEN" },
    },
    requires: ["OURA_WEBHOOK_VERIFICATION_TOKEN"],
    // The host registers (and renews) Oura's subscriptions for this trigger's callback with the app's credentials.
    setup: setupOuraWebhooks,
  })
  ouraDataChanged(request: WebhookRequest) {
    return mapOuraNotification(request);
  }
}
