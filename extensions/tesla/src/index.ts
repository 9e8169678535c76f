export { Tesla } from "./extension.js";
