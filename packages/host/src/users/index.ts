export { ROLES, type Role, type UserStore, type UserInfo } from "./store.js";
export { SessionStore, SESSION_IDLE_MS, type ActiveSession } from "./sessions.js";
export { LoginLinkStore, LOGIN_LINK_TTL_MS, loginLinkUrl } from "./login-links.js";
export { DatabaseUserStore } from "./db-store.js";
export { attachUserStore } from "./attach.js";
export { issueKey, hashKey, keyMatches, isValidUserId, KEY_PREFIX } from "./keys.js";
export { DatabaseToolSetStore, type ToolSetStore } from "./tool-sets.js";
// The tables are defined in @agx-ext/services (the test host creates them too); exported here as before.
export { LoginLinkEntity, SessionEntity, ToolSetEntity, UserEntity, type ToolSetRow, type UserRow } from "@agx-ext/services";
