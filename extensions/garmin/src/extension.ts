import type { AuthService, HttpClient } from "@agx-ext/auth";
import { AUTH, Command, CONTEXT, Extension, HTTP, inject, SETTINGS, Trigger, z, type CommandContext, type PollInput, type WebhookRequest } from "@agx-ext/core";
import { garminAuth } from "./auth.js";
import { activityData } from "./commands/activities.js";
import { bodyBattery } from "./commands/body-battery.js";
import { dailySummary } from "./commands/daily-summary.js";
import { gpsData } from "./commands/gps.js";
import { heartRate } from "./commands/heart-rate.js";
import { sleep } from "./commands/sleep.js";
import { steps } from "./commands/steps.js";
import { stress } from "./commands/stress.js";
import { HealthApi } from "./health-api.js";
import { importLegacyToken } from "./import-token.js";
import { activityInput, dayOnly, dayQuery, gpsInput, importTokenInput } from "./inputs.js";
import * as out from "./outputs.js";
import { garminDataReadyOutput, mapGarminNotification } from "./notification-trigger.js";
import { garminSettings, type GarminSettings } from "./settings.js";
import { pollSleepUploaded, sleepUploadedOutput } from "./sleep-trigger.js";

/** The reads: nothing changes at Garmin or in the host, so each is read-only, idempotent and open-world. */
const READ = { mutates: false, destructive: false, idempotent: true, openWorld: true } as const;

/** The Garmin extension: heart rate, steps, sleep, stress, Body Battery, activities and GPS tracks from Garmin's Health and Activity APIs. */
@Extension({
  id: "garmin",
  name: "Garmin",
  category: "Health & Fitness",
  description: "Heart rate, steps, sleep, stress, Body Battery, activities and GPS tracks from Garmin's Health and Activity APIs.",
  settings: garminSettings,
  auth: garminAuth,
})
export class Garmin {
  /** Auth's client signs each request with the user's OAuth 2.0 token, or a legacy OAuth 1.0a token until its retirement. */
  private readonly api: HealthApi;

  constructor(
    @inject(HTTP) http: HttpClient,
    @inject(AUTH) private readonly auth: AuthService,
    @inject(SETTINGS) private readonly settings: GarminSettings,
    @inject(CONTEXT) private readonly context: CommandContext,
  ) {
    this.api = new HealthApi(http, settings.GARMIN_API_BASE_URL);
  }

  @Command({
    name: "Get Heart Rate",
    title: "Garmin Heart Rate",
    description: "Resting, average, minimum and maximum heart rate for a day, with hourly averages of the all-day samples.",
    input: dayOnly,
    output: out.heartRateOutput,
    ...READ,
  })
  getHeartRate(input: z.output<typeof dayOnly>) {
    return heartRate(this.api, dayQuery(input.date, this.context));
  }

  @Command({
    name: "Get Steps",
    title: "Garmin Steps",
    description: "Steps for a day against the step goal, with distance, active calories and active time.",
    input: dayOnly,
    output: out.stepsOutput,
    ...READ,
  })
  getSteps(input: z.output<typeof dayOnly>) {
    return steps(this.api, dayQuery(input.date, this.context));
  }

  @Command({
    name: "Get Sleep Data",
    title: "Garmin Sleep",
    description: "The night that ended on a day (default: last night): times, deep/light/REM/awake durations and sleep score.",
    input: dayOnly,
    output: out.sleepOutput,
    ...READ,
  })
  getSleepData(input: z.output<typeof dayOnly>) {
    return sleep(this.api, dayQuery(input.date, this.context));
  }

  @Command({
    name: "Get GPS Data",
    title: "Garmin GPS Tracks",
    description: "Without activity_id: the day's activities that have GPS. With activity_id: that activity's route (start, end, track).",
    input: gpsInput,
    output: out.gpsOutput,
    ...READ,
  })
  getGpsData(input: z.output<typeof gpsInput>) {
    return gpsData(this.api, dayQuery(input.date, this.context), input.activity_id);
  }

  @Command({
    name: "Get Activity Data",
    title: "Garmin Activities",
    description: "Activities recorded on a day: type, start, duration, distance, calories and heart rate.",
    input: activityInput,
    output: out.activityDataOutput,
    ...READ,
  })
  getActivityData(input: z.output<typeof activityInput>) {
    return activityData(this.api, dayQuery(input.date, this.context), input.limit);
  }

  @Command({
    name: "Get Daily Summary",
    title: "Garmin Daily Summary",
    description: "A day at a glance: steps and goal, distance, active time, calories, floors, resting heart rate, stress, Body Battery and weight.",
    input: dayOnly,
    output: out.dailySummaryOutput,
    ...READ,
  })
  getDailySummary(input: z.output<typeof dayOnly>) {
    return dailySummary(this.api, dayQuery(input.date, this.context));
  }

  @Command({
    name: "Get Stress Data",
    title: "Garmin Stress",
    description: "Average and maximum stress for a day, time spent at rest/low/medium/high stress, and the latest reading.",
    input: dayOnly,
    output: out.stressOutput,
    ...READ,
  })
  getStressData(input: z.output<typeof dayOnly>) {
    return stress(this.api, dayQuery(input.date, this.context));
  }

  @Command({
    name: "Get Body Battery",
    title: "Garmin Body Battery",
    description: "Body Battery for a day: most recent, highest and lowest levels, and how much it charged and drained.",
    input: dayOnly,
    output: out.bodyBatteryOutput,
    ...READ,
  })
  getBodyBattery(input: z.output<typeof dayOnly>) {
    return bodyBattery(this.api, dayQuery(input.date, this.context));
  }

  @Command({
    name: "Garmin - Import OAuth 1.0a Token",
    description:
      "Keeps a Garmin connection made with OAuth 1.0a (e.g. in AGiXT) working until Garmin retires OAuth 1.0a on 2026-12-31: checks the token with Garmin and stores it encrypted. New users connect with `agx connect garmin` instead.",
    input: importTokenInput,
    requires: ["GARMIN_OAUTH1_CONSUMER_SECRET"],
    title: "Import Garmin OAuth 1.0a Token",
    output: out.importTokenOutput,
    // Stores a connection, checked with Garmin first. Not destructive: it never replaces a working OAuth 2.0
    // connection (that answers stored: false), and importing the same token again leaves the same connection.
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
  })
  importOAuth1Token(input: z.output<typeof importTokenInput>) {
    return importLegacyToken(
      { auth: this.auth, settings: this.settings, context: this.context },
      { token: input.oauth_token, tokenSecret: input.oauth_token_secret },
    );
  }

  @Trigger({
    name: "Sleep Uploaded",
    description:
      "A night's sleep summary was uploaded to Garmin (pulled every 15 minutes). Also tells the host the user's Garmin id, so Garmin Data Ready reaches them.",
    kind: "poll",
    every: "15m",
    output: sleepUploadedOutput,
  })
  sleepUploaded(input: PollInput) {
    return pollSleepUploaded(this.api, this.context.now(), input, this.context.signal);
  }

  @Trigger({
    name: "Garmin Data Ready",
    description:
      "Garmin's push or ping notification for dailies, sleeps or activities. Register <AGX_PUBLIC_URL>/hooks/garmin/Garmin%20Data%20Ready?token=<GARMIN_WEBHOOK_TOKEN> in Garmin's developer portal.",
    kind: "webhook",
    output: garminDataReadyOutput,
    // Garmin does not sign notifications: the endpoint URL registered with Garmin carries a secret token instead.
    verify: { sharedSecret: { setting: "GARMIN_WEBHOOK_TOKEN", query: "token" } },
    requires: ["GARMIN_WEBHOOK_TOKEN"],
  })
  garminDataReady(request: WebhookRequest) {
    return mapGarminNotification(request);
  }
}
