export { ROLES, type Role, type UserStore, type UserInfo } from "./store.js";
export { SessionStore, SessionEntity, SESSION_IDLE_MS, type ActiveSession } from "./sessions.js";
export { LoginLinkStore, LoginLinkEntity, LOGIN_LINK_TTL_MS, loginLinkUrl } from "./login-links.js";
export { DatabaseUserStore, UserEntity, type UserRow } from "./db-store.js";
export { attachUserStore } from "./attach.js";
export { issueKey, hashKey, keyMatches, isValidUserId, KEY_PREFIX } from "./keys.js";
export { DatabaseToolSetStore, ToolSetEntity, type ToolSetStore, type ToolSetRow } from "./tool-sets.js";
