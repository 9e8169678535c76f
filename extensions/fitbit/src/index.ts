export { Fitbit } from "./extension.js";
