import type { AuthModule } from "@agx-ext/auth";
import type { ConnectionsService } from "./connections.js";

/** The HTTP routes' view of @agx-ext/auth's connect flows. */
export function authConnections(auth: AuthModule): ConnectionsService {
  return {
    begin: (userId, provider, redirectUri, { scopes, browserSecret } = {}) =>
      auth.begin(userId, provider, { redirectUri, ...(scopes?.length ? { scopes } : {}), ...(browserSecret !== undefined ? { browserSecret } : {}) }),
    complete: (state, callback, { browserSecret } = {}) => auth.complete(state, callback, browserSecret !== undefined ? { browserSecret } : {}),
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
