import { DEFAULT_ACCOUNT } from "./accounts.js";
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

/** One user's connection to one account of a provider (the default account when `account` is undefined), without tokens. */
export async function connectionOf(ctx: AuthContext, userId: string, provider: string, account?: string): Promise<ConnectionInfo> {
  const auth = ctx.providers.declaration(provider);
  if (auth.kind === "apiKey" || auth.kind === "credentials") {
    const checked = await ctx.store.describeConnection(userId, provider, DEFAULT_ACCOUNT);
    const stored = (await ctx.store.listSecrets(userId)).filter((s) => s.provider === provider);
    const required = vaultSettingNames(auth);
    const complete = required.every((name) => stored.some((s) => s.name === name && s.readable) || ctx.options.settings.get(name));
    const latest = stored
      .map((s) => s.updatedAt.getTime())
      .sort()
      .at(-1);
    const unreadable = stored.some((s) => !s.readable);
    const unknownKeyId = stored.find((s) => s.unknownKeyId)?.unknownKeyId;
    const refused = complete && !unreadable && checked?.status === "needs_reauth";
    const status = unreadable ? "unreadable" : refused ? "needs_reauth" : complete ? "active" : "not_connected";
    return {
      userId,
      provider,
      label: DEFAULT_ACCOUNT,
      default: true,
      kind: auth.kind,
      status,
      connected: status === "active",
      scopes: [],
      secrets: stored.map((s) => s.name),
      ...(unreadable ? { statusReason: unreadableReason(provider, unknownKeyId) } : {}),
      ...(refused ? checkedStatus(checked) : {}),
      ...(latest ? { updatedAt: new Date(latest).toISOString() } : {}),
    };
  }
  const stored = await ctx.store.describeConnection(userId, provider, account);
  if (!stored)
    return { userId, provider, label: account ?? DEFAULT_ACCOUNT, default: false, kind: auth.kind, status: "not_connected", connected: false, scopes: [] };
  return describeConnection(stored, ctx.tokens.isRefreshing(userId, provider, stored.label));
}

/** Every stored connection and secret-based credential (no values), optionally for one user. */
export async function listConnections(ctx: AuthContext, userId?: string): Promise<ConnectionInfo[]> {
  const rows = await ctx.store.listConnections(userId);
  // API-key and credentials providers have a row only to record what the keep-alive check found (see checks.ts).
  const checks = new Map(rows.filter((r) => isSecretKind(r.kind)).map((r) => [connectionKey(r.userId, r.provider, r.label), r]));
  const out: ConnectionInfo[] = rows
    .filter((r) => !isSecretKind(r.kind))
    .map((stored) => describeConnection(stored, ctx.tokens.isRefreshing(stored.userId, stored.provider, stored.label)));
  const grouped = new Map<string, { userId: string; provider: string; names: string[]; updatedAt: Date; unreadable: boolean; unknownKeyId?: string }>();
  for (const secret of await ctx.store.listSecrets(userId)) {
    const key = connectionKey(secret.userId, secret.provider, DEFAULT_ACCOUNT);
    const group = grouped.get(key) ?? { userId: secret.userId, provider: secret.provider, names: [], updatedAt: secret.updatedAt, unreadable: false };
    group.names.push(secret.name);
    if (secret.updatedAt > group.updatedAt) group.updatedAt = secret.updatedAt;
    if (!secret.readable) group.unreadable = true;
    if (secret.unknownKeyId) group.unknownKeyId = secret.unknownKeyId;
    grouped.set(key, group);
  }
  for (const [key, group] of grouped) {
    const auth = ctx.providers.find(group.provider);
    const checked = checks.get(key);
    const refused = !group.unreadable && checked?.status === "needs_reauth";
    out.push({
      userId: group.userId,
      provider: group.provider,
      label: DEFAULT_ACCOUNT,
      default: true,
      kind: auth?.kind ?? "credentials",
      status: group.unreadable ? "unreadable" : refused ? "needs_reauth" : "active",
      connected: !group.unreadable && !refused,
      scopes: [],
      secrets: group.names,
      ...(group.unreadable ? { statusReason: unreadableReason(group.provider, group.unknownKeyId) } : {}),
      ...(refused ? checkedStatus(checked) : {}),
      updatedAt: group.updatedAt.toISOString(),
    });
  }
  // Sorted stably: within a provider the store lists the default account first.
  return out.sort((a, b) => a.userId.localeCompare(b.userId) || a.provider.localeCompare(b.provider));
}

function isSecretKind(kind: string): boolean {
  return kind === "apiKey" || kind === "credentials";
}

/** What the keep-alive check recorded about an API key or credentials: when and why the provider refused them. */
function checkedStatus(checked: Omit<StoredConnection, "tokens"> | undefined): Partial<ConnectionInfo> {
  return {
    ...(checked?.statusReason ? { statusReason: checked.statusReason } : {}),
    ...(checked?.statusChangedAt ? { statusChangedAt: checked.statusChangedAt.toISOString() } : {}),
  };
}

function describeConnection(stored: Omit<StoredConnection, "tokens">, refreshing: boolean): ConnectionInfo {
  const status = refreshing && stored.status !== "needs_reauth" && stored.status !== "unreadable" ? "refreshing" : stored.status;
  return {
    userId: stored.userId,
    provider: stored.provider,
    label: stored.label,
    default: stored.isDefault,
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
