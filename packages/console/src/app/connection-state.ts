import type { Connection, ScopeGroup } from "./types";

export type ConnectionState = "connected" | "broken" | "expired" | "not_connected";

export const STATE_LABEL: Record<ConnectionState, string> = {
  connected: "Connected",
  broken: "Broken",
  expired: "Expired",
  not_connected: "Not connected",
};

/**
 * The four states a person needs from the host's six: needs_reauth and unreadable cannot work until
 * the person connects again (broken); a token past its expiry is expired even while the host may
 * still renew it on the next call; degraded (refreshes failing) is otherwise still connected, and its
 * last error is shown beside it.
 */
export function connectionState(connection: Connection | undefined, now = Date.now()): ConnectionState {
  if (!connection || connection.status === "not_connected") return "not_connected";
  if (connection.status === "needs_reauth" || connection.status === "unreadable" || !connection.connected) return "broken";
  if (connection.expiresAt && Date.parse(connection.expiresAt) <= now) return "expired";
  return "connected";
}

/**
 * Granted scopes in words: each scope group whose scopes were all granted, by its description; any
 * scope no group explains, as itself.
 */
export function scopesInWords(granted: readonly string[], groups: readonly ScopeGroup[] = []): string[] {
  const have = new Set(granted);
  const explained = new Set<string>();
  const words: string[] = [];
  for (const group of groups) {
    if (!group.scopes.length || !group.scopes.every((scope) => have.has(scope))) continue;
    words.push(group.description || group.name);
    for (const scope of group.scopes) explained.add(scope);
  }
  return [...words, ...granted.filter((scope) => !explained.has(scope))];
}
