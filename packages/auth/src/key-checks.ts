import { DEFAULT_ACCOUNT } from "./accounts.js";
import type { AuthContext } from "./auth-context.js";
import { hostHttpClient } from "./client-factory.js";
import type { ApiKeyAuth } from "./declarations.js";

/** What the keep-alive job's key checks found. */
export interface KeyCheckReport {
  /** Stored keys checked. */
  checked: number;
  /** Keys the provider refused (401/403): those connections are now needs_reauth. */
  refused: Array<{ userId: string; provider: string }>;
  /** Checks that got no verdict (provider down, timeout, another status): nothing was changed. */
  failed: Array<{ userId: string; provider: string; code: string }>;
}

/**
 * Runs each API-key provider's declared `check` with every user's stored key. A 401 or 403 records the connection as
 * needs_reauth (logged and notified like an OAuth grant that is gone); a 2xx clears that again. API keys have no row
 * of their own in the connections table, so the verdict is kept in one with the key's kind and no tokens (listings
 * merge it with the stored key; storing a new key removes it).
 */
export async function checkStoredKeys(ctx: AuthContext): Promise<KeyCheckReport> {
  const report: KeyCheckReport = { checked: 0, refused: [], failed: [] };
  const checks = ctx.providers.entries().flatMap(([provider, { auth }]) => (auth.kind === "apiKey" && auth.check ? [{ provider, auth }] : []));
  if (!checks.length) return report;
  const secrets = await ctx.store.listSecrets();
  for (const { provider, auth } of checks) {
    const users = new Set(secrets.filter((s) => s.provider === provider && s.name === auth.setting && s.readable).map((s) => s.userId));
    for (const userId of users) {
      report.checked++;
      try {
        const verdict = await checkOne(ctx, userId, provider, auth);
        if (verdict === "refused") report.refused.push({ userId, provider });
      } catch (error) {
        report.failed.push({ userId, provider, code: (error as { code?: string }).code ?? "INTERNAL" });
      }
    }
  }
  return report;
}

async function checkOne(ctx: AuthContext, userId: string, provider: string, auth: ApiKeyAuth): Promise<"ok" | "refused"> {
  const url = (auth.check!.urlSetting && ctx.options.settings.get(auth.check!.urlSetting)) || auth.check!.url;
  const client = await hostHttpClient(ctx, { userId, provider });
  const response = await client.get(url, { throwHttpErrors: false });
  const status = response.statusCode;
  const before = await ctx.store.describeConnection(userId, provider, DEFAULT_ACCOUNT);
  const current = before ? before.status : "active";
  const at = ctx.now();
  if (status === 401 || status === 403) {
    const reason = `the provider refused the stored API key (HTTP ${status}) when the keep-alive job checked it`;
    if (current !== "needs_reauth") {
      await ctx.store.saveConnection({
        userId,
        provider,
        label: DEFAULT_ACCOUNT,
        kind: auth.kind,
        status: "needs_reauth",
        statusReason: reason,
        statusChangedAt: at,
        scopes: [],
        tokens: { accessToken: "" },
      });
      ctx.tokens.changed({ userId, provider, label: DEFAULT_ACCOUNT, status: current }, "needs_reauth", reason);
    }
    return "refused";
  }
  if (status >= 200 && status < 300) {
    if (before && (await ctx.store.deleteConnection(userId, provider, DEFAULT_ACCOUNT)))
      ctx.tokens.changed({ userId, provider, label: DEFAULT_ACCOUNT, status: current }, "active", "the provider accepted the stored API key again");
    return "ok";
  }
  throw Object.assign(new Error(`the check answered HTTP ${status}`), { code: "PROVIDER_ERROR" });
}

/** A new key replaces a refused one: the check's verdict goes with it. */
export async function forgetKeyVerdict(ctx: AuthContext, userId: string, provider: string): Promise<void> {
  const before = await ctx.store.describeConnection(userId, provider, DEFAULT_ACCOUNT);
  if (!before || (before.kind !== "apiKey" && before.kind !== "credentials")) return;
  if (await ctx.store.deleteConnection(userId, provider, DEFAULT_ACCOUNT))
    ctx.tokens.changed({ userId, provider, label: DEFAULT_ACCOUNT, status: before.status }, "active", "a new key was stored");
}
