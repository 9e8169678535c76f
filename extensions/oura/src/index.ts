export { Oura } from "./extension.js";
