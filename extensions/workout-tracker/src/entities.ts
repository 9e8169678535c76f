import { Entity, PrimaryKey, Property, Unique, UserOwned } from "@agx-ext/db";
import { MAX_EXERCISE_NAME, MAX_MUSCLE_GROUP } from "./limits.js";

/** A user's standing daily target for one exercise. Stored as workout_tracker_daily_goals. */
@Entity({ tableName: "daily_goals" })
@Unique({ properties: ["userId", "exerciseName"] })
export class DailyGoal extends UserOwned {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  /** Exact, case-sensitive identity of the exercise, as in the original. */
  @Property({ type: "string", length: MAX_EXERCISE_NAME })
  exerciseName!: string;

  /** Every integer column is int4: the schemas cap counts at MAX_COUNT. */
  @Property({ type: "integer" })
  targetReps!: number;

  @Property({ type: "integer", default: 1 })
  targetSets: number = 1;

  /** Unit-less (kg or lbs, as the user logs it). */
  @Property({ type: "double", default: 0 })
  targetWeight: number = 0;

  /** Seconds. */
  @Property({ type: "integer", default: 0 })
  targetDuration: number = 0;

  @Property({ type: "string", length: MAX_MUSCLE_GROUP, default: "" })
  muscleGroup: string = "";

  @Property({ type: "boolean", default: true })
  active: boolean = true;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}

/** What a user did for one exercise on one day; a later mark on the same day replaces it. */
@Entity({ tableName: "daily_completions" })
@Unique({ properties: ["userId", "exerciseName", "completionDate"] })
export class DailyCompletion extends UserOwned {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: MAX_EXERCISE_NAME })
  exerciseName!: string;

  /** YYYY-MM-DD in the host time zone. */
  @Property({ type: "date" })
  completionDate!: string;

  @Property({ type: "integer" })
  completedReps!: number;

  @Property({ type: "integer", default: 1 })
  completedSets: number = 1;

  @Property({ type: "double", default: 0 })
  completedWeight: number = 0;

  @Property({ type: "integer", default: 0 })
  completedDuration: number = 0;

  @Property({ type: "text", default: "" })
  notes: string = "";

  @Property({ type: "datetime" })
  completedAt!: Date;
}
