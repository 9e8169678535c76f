import { cookieValue } from "../connect-links/flow-cookie.js";

/**
 * The console's session cookie: HttpOnly (page scripts never see the token), SameSite=Lax (not sent with other
 * sites' form posts or fetches), Path=/ (the pages and /v1 both need it), Secure behind an https public URL. No
 * Max-Age: the server ends idle sessions (SESSION_IDLE_MS), and the browser forgets the cookie when it closes.
 */
const SESSION_COOKIE = "agx_session";

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The session token a request carries, if any. */
export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieValue(cookieHeader, SESSION_COOKIE) || undefined;
}
