import { CommandError } from "@agx-ext/core";
import type { OAuth2Auth } from "../declarations.js";

/**
 * The scopes one connect flow requests: the declared scopes in no group (always needed), plus each named
 * group's scopes; a full declared scope may be named too. Without a selection, the declaration's default
 * groups when it has some, else every declared scope.
 */
export function selectScopes(provider: string, auth: OAuth2Auth, selection: readonly string[] | undefined): string[] {
  if (!selection?.length) return auth.defaultScopeGroups?.length ? selectScopes(provider, auth, auth.defaultScopeGroups) : [...auth.scopes];
  const groups = auth.scopeGroups ?? {};
  const grouped = new Set(Object.values(groups).flat());
  const chosen = new Set(auth.scopes.filter((scope) => !grouped.has(scope)));
  const unknown: string[] = [];
  for (const name of selection) {
    const group = Object.hasOwn(groups, name) ? groups[name] : undefined;
    if (group) group.forEach((scope) => chosen.add(scope));
    else if (auth.scopes.includes(name)) chosen.add(name);
    else unknown.push(name);
  }
  if (unknown.length) {
    const names = Object.keys(groups);
    throw new CommandError(
      "INVALID_INPUT",
      `${provider} has no scope group ${unknown.map((u) => `"${u}"`).join(", ")}; ${names.length ? `choose from ${names.join(", ")}` : "it declares no scope groups"}.`,
      { details: { provider, unknown, groups: names } },
    );
  }
  return auth.scopes.filter((scope) => chosen.has(scope));
}

/** Scopes of a reconnect: what was granted before and what was granted now (incremental authorization). */
export function mergeScopes(before: readonly string[], now: readonly string[]): string[] {
  return [...new Set([...before, ...now])];
}
