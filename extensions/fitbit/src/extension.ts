import { oauth2, type AuthService, type HttpClient } from "@agx-ext/auth";
import { AUTH, Command, CONTEXT, Extension, HTTP, inject, SETTINGS, z, type CommandContext, type CommandResult } from "@agx-ext/core";
import { activitySummary, caloriesBurned, exerciseData } from "./commands/activity.js";
import { weightData, waterIntake } from "./commands/body.js";
import { heartRate } from "./commands/heart-rate.js";
import { sleepData } from "./commands/sleep.js";
import { steps } from "./commands/steps.js";
import { dateInput, resolveDate } from "./inputs.js";
import { HealthApi } from "./health-api.js";
import * as out from "./outputs.js";
import { assertNotLegacyConnection } from "./legacy-token.js";
import { fitbitSettings, GOOGLE_HEALTH_SCOPES, type FitbitSettings } from "./settings.js";

/**
 * Every command only reads from the Google Health API (read-only scopes): nothing changes at Google or
 * in the host, so each is read-only, idempotent and open-world.
 */
const READ = { mutates: false, destructive: false, idempotent: true, openWorld: true } as const;

/** The Fitbit extension: a day's steps, heart rate, sleep, calories, exercise, weight and water, read from the Google Health API. */
@Extension({
  id: "fitbit",
  name: "Fitbit",
  category: "Health & Fitness",
  description: "Fitbit steps, heart rate, sleep, calories, exercise, weight and water, read through the Google Health API.",
  settings: fitbitSettings,
  auth: oauth2({
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    scopes: GOOGLE_HEALTH_SCOPES,
    pkce: true,
    clientAuth: "body",
    // Google only issues a refresh token for offline access, and again only when consent is shown.
    extraAuthorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
    clientIdSetting: "GOOGLE_HEALTH_CLIENT_ID",
    clientSecretSetting: "GOOGLE_HEALTH_CLIENT_SECRET",
  }),
})
export class Fitbit {
  private readonly healthApi: HealthApi;

  constructor(
    @inject(HTTP) http: HttpClient,
    @inject(AUTH) private readonly auth: AuthService,
    @inject(SETTINGS) settings: FitbitSettings,
    @inject(CONTEXT) private readonly context: CommandContext,
  ) {
    this.healthApi = new HealthApi(http, settings.FITBIT_HEALTH_API_URL, context.extensionId);
  }

  /** Runs a command's reads for the input's day, after refusing a legacy Fitbit connection. */
  private async run<T>(input: z.output<typeof dateInput>, read: (api: HealthApi, date: string) => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
    await assertNotLegacyConnection(this.auth, this.context.extensionId);
    return read(
      this.healthApi,
      resolveDate(input, () => this.context.today()),
    );
  }

  @Command({
    name: "Get Steps",
    title: "Fitbit Steps",
    description: "Total steps of a day.",
    input: dateInput,
    output: out.stepsOutput,
    ...READ,
  })
  getSteps(input: z.output<typeof dateInput>) {
    return this.run(input, steps);
  }

  @Command({
    name: "Get Heart Rate",
    title: "Fitbit Heart Rate",
    description: "Resting heart rate, average/min/max and minutes in each heart-rate zone for a day.",
    input: dateInput,
    output: out.heartRateOutput,
    ...READ,
  })
  getHeartRate(input: z.output<typeof dateInput>) {
    return this.run(input, heartRate);
  }

  @Command({
    name: "Get Sleep Data",
    title: "Fitbit Sleep",
    description: "The sleep that ended on a day: time asleep, bed and wake times, efficiency and sleep stages.",
    input: dateInput,
    output: out.sleepOutput,
    ...READ,
  })
  getSleepData(input: z.output<typeof dateInput>) {
    return this.run(input, sleepData);
  }

  @Command({
    name: "Get Calories Burned",
    title: "Fitbit Calories Burned",
    description: "Total calories burned in a day (kcal).",
    input: dateInput,
    output: out.caloriesOutput,
    ...READ,
  })
  getCaloriesBurned(input: z.output<typeof dateInput>) {
    return this.run(input, caloriesBurned);
  }

  @Command({
    name: "Get Exercise Data",
    title: "Fitbit Exercise",
    description: "Distance, active minutes and floors of a day, and each exercise recorded on it.",
    input: dateInput,
    output: out.exerciseOutput,
    ...READ,
  })
  getExerciseData(input: z.output<typeof dateInput>) {
    return this.run(input, exerciseData);
  }

  @Command({
    name: "Get Activity Summary",
    title: "Fitbit Activity Summary",
    description: "A day's steps, calories, distance, floors, active minutes and active zone minutes.",
    input: dateInput,
    output: out.activitySummaryOutput,
    ...READ,
  })
  getActivitySummary(input: z.output<typeof dateInput>) {
    return this.run(input, activitySummary);
  }

  @Command({
    name: "Get Weight Data",
    title: "Fitbit Weight",
    description: "The last weight logged on a day (kg and lb), with BMI.",
    input: dateInput,
    output: out.weightOutput,
    ...READ,
  })
  getWeightData(input: z.output<typeof dateInput>) {
    return this.run(input, weightData);
  }

  @Command({
    name: "Get Water Intake",
    title: "Fitbit Water Intake",
    description: "Water logged on a day: total (ml and fl oz) and each entry.",
    input: dateInput,
    output: out.waterOutput,
    ...READ,
  })
  getWaterIntake(input: z.output<typeof dateInput>) {
    return this.run(input, waterIntake);
  }
}
