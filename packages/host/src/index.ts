export * from "./config.js";
export * from "./modules.js";
export * from "./host.js";
export * from "./installed.js";
export * from "./tool-formats.js";
export * from "./server/index.js";
export * from "./mcp/server.js";
export * from "./users/index.js";
