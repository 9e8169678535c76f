import { createHash, randomBytes } from "node:crypto";

/**
 * The flow cookie binds an OAuth flow to the browser that pressed Connect: it holds a random secret whose hash
 * the flow stored, and only the callback path ever receives it. SameSite=Lax still sends it on the provider's
 * top-level redirect back to the callback; HttpOnly keeps page scripts away from it. One cookie per flow
 * (named after the state), so two flows started in two tabs do not overwrite each other.
 */

const PATH = "/oauth/";

/** A fresh secret for a new flow (what the cookie holds). */
export function newFlowSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Flows started from the console carry this prefix in their secret, so the callback returns the browser to the
 * console's connections page. The flow stored the hash of the whole secret, so the prefix cannot be forged.
 */
const CONSOLE_PREFIX = "console.";

/** A fresh secret for a flow started from the console's Connect button. */
export function newConsoleFlowSecret(): string {
  return `${CONSOLE_PREFIX}${newFlowSecret()}`;
}

/** True for the secret of a flow the console started. */
export function startedInConsole(secret: string): boolean {
  return secret.startsWith(CONSOLE_PREFIX);
}

/** The cookie name of the flow with this OAuth state (the state itself never appears in a cookie). */
export function flowCookieName(state: string): string {
  return `agx_flow_${createHash("sha256").update(state).digest("hex").slice(0, 16)}`;
}

/** Set-Cookie for a new flow; `secure` when the public URL is https. */
export function flowCookie(state: string, secret: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const maxAge = Math.max(1, Math.ceil(options.maxAgeSeconds));
  return `${flowCookieName(state)}=${secret}; Path=${PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
}

/** Set-Cookie that removes a finished flow's cookie. */
export function clearedFlowCookie(state: string, secure: boolean): string {
  return `${flowCookieName(state)}=; Path=${PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** A cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
