import { vaultSettingNames, type AuthKind } from "./declarations.js";
import { unreadableReason } from "./errors.js";
import type { AuthContext } from "./auth-context.js";
import type { ProviderRegistry } from "./provider-registry.js";
import type { ConnectionInfo } from "./service.js";
import { connectionKey } from "./tokens.js";
import type { StoredConnection } from "./vault/store.js";

/** A provider users can connect to, as the host knows it. */
export interface ProviderInfo {
  provider: string;
  kind: AuthKind["kind"];
  extensions: string[];
  /** Setting names a user stores for secret-based kinds. */
  secrets: string[];
  scopes?: string[];
  /** Named subsets of `scopes` a user can connect one at a time. */
  scopeGroups?: Record<string, string[]>;
  /** The groups a connect naming no scopes requests; the others are connected by name. */
  defaultScopeGroups?: string[];
}

/** Providers declared by the loaded extensions (copies: callers cannot change the registry). */
export function listProviders(providers: ProviderRegistry): ProviderInfo[] {
  return providers.entries().map(([provider, { auth, extensions }]) => ({
    provider,
    kind: auth.kind,
    extensions: [...extensions],
    secrets: [...vaultSettingNames(auth)],
    ...(auth.kind === "oauth2" ? { scopes: [...auth.scopes] } : {}),
    ...(auth.kind === "oauth2" && auth.scopeGroups ? { scopeGroups: Object.fromEntries(Object.entries(auth.scopeGroups).map(([g, s]) => [g, [...s]])) } : {}),
    ...(auth.kind === "oauth2" && auth.defaultScopeGroups?.length ? { defaultScopeGroups: [...auth.defaultScopeGroups] } : {}),
  }));
}

/** One user's connection to one provider, without tokens. */
export async function connectionOf(ctx: AuthContext, userId: string, provider: string): Promise<ConnectionInfo> {
  const auth = ctx.providers.declaration(provider);
  if (auth.kind === "apiKey" || auth.kind === "credentials") {
    const stored = (await ctx.store.listSecrets(userId)).filter((s) => s.provider === provider);
    const required = vaultSettingNames(auth);
    const complete = required.every((name) => stored.some((s) => s.name === name && s.readable) || ctx.options.settings.get(name));
    const latest = stored.map((s) => s.updatedAt.getTime()).sort().at(-1);
    const unreadable = stored.some((s) => !s.readable);
    const unknownKeyId = stored.find((s) => s.unknownKeyId)?.unknownKeyId;
    const status = unreadable ? "unreadable" : complete ? "active" : "not_connected";
    return {
      userId,
      provider,
      kind: auth.kind,
      status,
      connected: status === "active",
      scopes: [],
      secrets: stored.map((s) => s.name),
      ...(unreadable ? { statusReason: unreadableReason(provider, unknownKeyId) } : {}),
      ...(latest ? { updatedAt: new Date(latest).toISOString() } : {}),
    };
  }
  const stored = await ctx.store.describeConnection(userId, provider);
  if (!stored) return { userId, provider, kind: auth.kind, status: "not_connected", connected: false, scopes: [] };
  return describeConnection(stored, ctx.tokens.isRefreshing(userId, provider));
}

/** Every stored connection and secret-based credential (no values), optionally for one user. */
export async function listConnections(ctx: AuthContext, userId?: string): Promise<ConnectionInfo[]> {
  const out: ConnectionInfo[] = (await ctx.store.listConnections(userId)).map((stored) =>
    describeConnection(stored, ctx.tokens.isRefreshing(stored.userId, stored.provider)),
  );
  const grouped = new Map<string, { userId: string; provider: string; names: string[]; updatedAt: Date; unreadable: boolean; unknownKeyId?: string }>();
  for (const secret of await ctx.store.listSecrets(userId)) {
    const key = connectionKey(secret.userId, secret.provider);
    const group = grouped.get(key) ?? { userId: secret.userId, provider: secret.provider, names: [], updatedAt: secret.updatedAt, unreadable: false };
    group.names.push(secret.name);
    if (secret.updatedAt > group.updatedAt) group.updatedAt = secret.updatedAt;
    if (!secret.readable) group.unreadable = true;
    if (secret.unknownKeyId) group.unknownKeyId = secret.unknownKeyId;
    grouped.set(key, group);
  }
  for (const group of grouped.values()) {
    const auth = ctx.providers.find(group.provider);
    out.push({
      userId: group.userId,
      provider: group.provider,
      kind: auth?.kind ?? "credentials",
      status: group.unreadable ? "unreadable" : "active",
      connected: !group.unreadable,
      scopes: [],
      secrets: group.names,
      ...(group.unreadable ? { statusReason: unreadableReason(group.provider, group.unknownKeyId) } : {}),
      updatedAt: group.updatedAt.toISOString(),
    });
  }
  return out.sort((a, b) => a.userId.localeCompare(b.userId) || a.provider.localeCompare(b.provider));
}

function describeConnection(stored: Omit<StoredConnection, "tokens">, refreshing: boolean): ConnectionInfo {
  const status = refreshing && stored.status !== "needs_reauth" && stored.status !== "unreadable" ? "refreshing" : stored.status;
  return {
    userId: stored.userId,
    provider: stored.provider,
    kind: stored.kind,
    status,
    connected: status !== "needs_reauth" && status !== "unreadable",
    ...(stored.statusReason ? { statusReason: stored.statusReason } : {}),
    ...(stored.statusChangedAt ? { statusChangedAt: stored.statusChangedAt.toISOString() } : {}),
    scopes: stored.scopes,
    ...(stored.expiresAt ? { expiresAt: stored.expiresAt.toISOString() } : {}),
    ...(stored.account ? { account: stored.account } : {}),
    ...(stored.refreshedAt ? { lastRefreshAt: stored.refreshedAt.toISOString() } : {}),
    ...(stored.lastError ? { lastError: { ...stored.lastError, at: stored.lastError.at.toISOString() } } : {}),
    ...(stored.failures ? { failures: stored.failures } : {}),
    ...(stored.retryAt ? { retryAt: stored.retryAt.toISOString() } : {}),
    updatedAt: stored.updatedAt.toISOString(),
  };
}
