import { oauth2, type AuthService, type HttpClient } from "@agx-ext/auth";
import { AUTH, Command, CONTEXT, Extension, HTTP, inject, SETTINGS, type CommandContext, type CommandResult } from "@agx-ext/core";
import { activitySummary, caloriesBurned, exerciseData } from "./commands/activity.js";
import { weightData, waterIntake } from "./commands/body.js";
import { heartRate } from "./commands/heart-rate.js";
import { sleepData } from "./commands/sleep.js";
import { steps } from "./commands/steps.js";
import { dateInput, resolveDate, type DateInput } from "./date-input.js";
import { HealthApi } from "./health-api.js";
import { assertNotLegacyConnection } from "./legacy-token.js";
import { fitbitSettings, GOOGLE_HEALTH_SCOPES, type FitbitSettings } from "./settings.js";

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
  private async run(input: DateInput, read: (api: HealthApi, date: string) => Promise<CommandResult>): Promise<CommandResult> {
    await assertNotLegacyConnection(this.auth, this.context.extensionId);
    return read(this.healthApi, resolveDate(input, () => this.context.today()));
  }

  @Command({ name: "Get Steps", description: "Total steps of a day.", input: dateInput })
  getSteps(input: DateInput): Promise<CommandResult> {
    return this.run(input, steps);
  }

  @Command({
    name: "Get Heart Rate",
    description: "Resting heart rate, average/min/max and minutes in each heart-rate zone for a day.",
    input: dateInput,
  })
  getHeartRate(input: DateInput): Promise<CommandResult> {
    return this.run(input, heartRate);
  }

  @Command({
    name: "Get Sleep Data",
    description: "The sleep that ended on a day: time asleep, bed and wake times, efficiency and sleep stages.",
    input: dateInput,
  })
  getSleepData(input: DateInput): Promise<CommandResult> {
    return this.run(input, sleepData);
  }

  @Command({ name: "Get Calories Burned", description: "Total calories burned in a day (kcal).", input: dateInput })
  getCaloriesBurned(input: DateInput): Promise<CommandResult> {
    return this.run(input, caloriesBurned);
  }

  @Command({
    name: "Get Exercise Data",
    description: "Distance, active minutes and floors of a day, and each exercise recorded on it.",
    input: dateInput,
  })
  getExerciseData(input: DateInput): Promise<CommandResult> {
    return this.run(input, exerciseData);
  }

  @Command({
    name: "Get Activity Summary",
    description: "A day's steps, calories, distance, floors, active minutes and active zone minutes.",
    input: dateInput,
  })
  getActivitySummary(input: DateInput): Promise<CommandResult> {
    return this.run(input, activitySummary);
  }

  @Command({ name: "Get Weight Data", description: "The last weight logged on a day (kg and lb), with BMI.", input: dateInput })
  getWeightData(input: DateInput): Promise<CommandResult> {
    return this.run(input, weightData);
  }

  @Command({ name: "Get Water Intake", description: "Water logged on a day: total (ml and fl oz) and each entry.", input: dateInput })
  getWaterIntake(input: DateInput): Promise<CommandResult> {
    return this.run(input, waterIntake);
  }
}
