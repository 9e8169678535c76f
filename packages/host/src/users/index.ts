export type { UserStore, UserInfo } from "./store.js";
export { DatabaseUserStore, UserEntity, type UserRow } from "./db-store.js";
export { attachUserStore } from "./attach.js";
export { issueKey, hashKey, keyMatches, isValidUserId, KEY_PREFIX } from "./keys.js";
export { DatabaseToolSetStore, ToolSetEntity, type ToolSetStore, type ToolSetRow } from "./tool-sets.js";
