import type { AuthContext } from "./auth-context.js";
import { checkStoredKeys, type KeyCheckReport } from "./key-checks.js";

/** What one keep-alive pass did. */
export interface KeepAliveReport {
  /** The API-key checks (providers declaring `check`). */
  keys: KeyCheckReport;
  /** Connections found unreadable by this pass (recorded and notified once). */
  unreadable: number;
  /** Connections of providers that declare `keepAliveDays`. */
  checked: number;
  /** Refreshed because they had not been refreshed within their provider's window. */
  refreshed: number;
  /** Refreshes that failed, by connection (the connection's state says more). */
  failed: Array<{ userId: string; provider: string; account: string; code: string }>;
}

const DAY_MS = 86_400_000;

/**
 * Refreshes every OAuth 2.0 connection whose refresh token would otherwise lapse: not refreshed for its provider's
 * `keepAliveDays`. Connections that need the user (needs_reauth, unreadable) are left alone; a failure is recorded
 * on the connection like any refresh failure (degraded, cooldown) and reported here.
 */
export async function keepAlive(ctx: AuthContext): Promise<KeepAliveReport> {
  const report: KeepAliveReport = { checked: 0, refreshed: 0, failed: [], keys: await checkStoredKeys(ctx), unreadable: 0 };
  const windows = new Map<string, number>();
  for (const [provider, { auth }] of ctx.providers.entries())
    if (auth.kind === "oauth2" && auth.keepAliveDays) windows.set(provider, auth.keepAliveDays * DAY_MS);
  const now = ctx.now().getTime();
  for (const connection of await ctx.store.listConnections()) {
    if (connection.status === "unreadable" && connection.recordedStatus !== undefined) {
      // Not yet recorded: reading it records the state and notifies, as a call would.
      report.unreadable++;
      await ctx.tokens.connection(connection.userId, connection.provider, connection.label).catch(() => undefined);
      continue;
    }
    const window = windows.get(connection.provider);
    if (window === undefined || connection.kind !== "oauth2") continue;
    if (connection.status === "needs_reauth" || connection.status === "unreadable") continue;
    report.checked++;
    const last = (connection.refreshedAt ?? connection.createdAt).getTime();
    if (now - last < window) continue;
    try {
      await ctx.tokens.accessToken(connection.userId, connection.provider, { force: true, account: connection.label });
      // During a cooldown the token is handed out without a refresh: count only what really was refreshed.
      const after = await ctx.store.describeConnection(connection.userId, connection.provider, connection.label);
      if ((after?.refreshedAt?.getTime() ?? 0) > last) report.refreshed++;
    } catch (error) {
      report.failed.push({
        userId: connection.userId,
        provider: connection.provider,
        account: connection.label,
        code: (error as { code?: string }).code ?? "INTERNAL",
      });
    }
  }
  ctx.logger.info("connection keep-alive done", {
    checked: report.checked,
    refreshed: report.refreshed,
    failed: report.failed.length,
    keysChecked: report.keys.checked,
    keysRefused: report.keys.refused.length,
    unreadable: report.unreadable,
  });
  return report;
}
