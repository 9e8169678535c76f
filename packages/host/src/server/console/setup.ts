import type { CallLog } from "../../activity/call-log.js";
import type { LoginLinkStore } from "../../users/login-links.js";
import type { SessionStore } from "../../users/sessions.js";
import type { SettingStatus } from "./settings.js";

/** What the host gives the server for the console: sessions, sign-in links, the call log, settings, pages. */
export interface ConsoleSetup {
  sessions: SessionStore;
  loginLinks: LoginLinkStore;
  /** Absent: GET /v1/activity answers an empty list with `enabled: false`. */
  callLog?: CallLog;
  /** Host-wide settings and whether each is set (never their values). */
  settings(): SettingStatus[];
  /** The console's built files (index.html, assets/); absent (AGX_CONSOLE=off): no pages are served. */
  pagesRoot?: string;
}
