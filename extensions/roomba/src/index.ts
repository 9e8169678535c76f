export { Roomba } from "./extension.js";
