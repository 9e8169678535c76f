import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";

/** A provider as the connect pages need it (a subset of @agx-ext/auth's ProviderInfo). */
export interface ConnectableProvider {
  provider: string;
  kind: string;
  scopes?: readonly string[];
  scopeGroups?: Readonly<Record<string, readonly string[]>>;
  defaultScopeGroups?: readonly string[];
}

/** Only these are connected in a browser; API keys and credentials are stored with `agx connect`. */
const BROWSER_KINDS = new Set(["oauth2", "oauth1"]);

export function browserProviders(providers: readonly ConnectableProvider[]): ConnectableProvider[] {
  return providers.filter((p) => BROWSER_KINDS.has(p.kind));
}

/** The provider a link may connect: NOT_FOUND for an unknown one, INVALID_INPUT for one without a browser sign-in. */
export function connectableProvider(providers: readonly ConnectableProvider[], name: string): ConnectableProvider {
  const found = providers.find((p) => p.provider === name);
  if (!found)
    throw new CommandError("NOT_FOUND", `No extension on this host connects to "${clip(name, 60)}".`, {
      details: { provider: clip(name, 60), providers: browserProviders(providers).map((p) => p.provider) },
    });
  if (!BROWSER_KINDS.has(found.kind))
    throw new CommandError(
      "INVALID_INPUT",
      `${found.provider} uses ${found.kind === "apiKey" ? "an API key" : "credentials"}, not a browser sign-in: store it with \`agx connect ${found.provider}\`.`,
      {
        details: { provider: found.provider, kind: found.kind },
      },
    );
  return found;
}

/**
 * What the provider will be asked to share, in words a person can check: each requested scope group by name
 * with its scopes, and the scopes outside any group. `selection` is the link's scopes (group names or
 * scopes); without one, the provider's default groups, else everything it declares. Unknown names are
 * INVALID_INPUT naming them (as the connect flow itself would answer).
 */
export function sharedItems(provider: ConnectableProvider, selection?: readonly string[]): string[] {
  if (provider.kind === "oauth1") return [`access to your ${provider.provider} account (OAuth 1.0a has no narrower permissions)`];
  const groups = provider.scopeGroups ?? {};
  const scopes = provider.scopes ?? [];
  const names = selection?.length ? selection : provider.defaultScopeGroups?.length ? provider.defaultScopeGroups : undefined;
  if (!names)
    return Object.keys(groups).length
      ? Object.entries(groups)
          .map(([g, s]) => describeGroup(g, s))
          .concat(ungrouped(provider))
      : [...scopes];
  const unknown = names.filter((name) => !Object.hasOwn(groups, name) && !scopes.includes(name));
  if (unknown.length) {
    const choices = Object.keys(groups);
    throw new CommandError(
      "INVALID_INPUT",
      `${provider.provider} has no scope group ${unknown.map((u) => `"${clip(u, 60)}"`).join(", ")}; ${choices.length ? `choose from ${choices.join(", ")}` : "it declares no scope groups"}.`,
      { details: { provider: provider.provider, unknown: unknown.map((u) => clip(u, 60)), groups: choices } },
    );
  }
  const items = names.map((name) => (Object.hasOwn(groups, name) ? describeGroup(name, groups[name]!) : name));
  return [...new Set([...items, ...ungrouped(provider)])];
}

export function describeGroup(name: string, scopes: readonly string[]): string {
  return `${name} (${scopes.join(", ")})`;
}

/** Declared scopes in no group: every connect asks for them. */
export function ungrouped(provider: ConnectableProvider): string[] {
  const grouped = new Set(Object.values(provider.scopeGroups ?? {}).flat());
  return (provider.scopes ?? []).filter((scope) => !grouped.has(scope));
}
