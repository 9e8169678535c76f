export * from "./config.js";
export * from "./modules.js";
export * from "./host.js";
export * from "./tool-formats.js";
