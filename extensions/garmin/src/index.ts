export { Garmin } from "./extension.js";
