export { WorkoutTracker } from "./extension.js";
export { DailyGoal, DailyCompletion } from "./entities.js";
