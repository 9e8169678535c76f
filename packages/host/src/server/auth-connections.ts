import type { AuthModule } from "@agx-ext/auth";
import type { ConnectionsService } from "./connections.js";

/** The HTTP routes' view of @agx-ext/auth's connect flows. */
export function authConnections(auth: AuthModule): ConnectionsService {
  return {
    begin: async (userId, provider, redirectUri, scopes) => (await auth.begin(userId, provider, { redirectUri, ...(scopes?.length ? { scopes } : {}) })).url,
    complete: (state, callback) => auth.complete(state, callback),
    list: (userId) => auth.connections(userId),
    providers: () =>
      auth.providers().map(({ provider, kind, scopeGroups, defaultScopeGroups }) => ({
        provider,
        kind,
        ...(scopeGroups ? { scopeGroups } : {}),
        ...(defaultScopeGroups ? { defaultScopeGroups } : {}),
      })),
  };
}
