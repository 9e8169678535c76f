export { WorkoutTracker } from "./workout-tracker.js";
export { DailyGoal, DailyCompletion } from "./entities.js";
