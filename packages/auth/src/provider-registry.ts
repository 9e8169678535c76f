import { CommandError, type Logger } from "@agx-ext/core";
import { clip, closestNames, type ExtensionManifest, type LoadedExtension } from "@agx-ext/core/host";
import { asAuthKind, type AuthKind, type OAuth2Auth } from "./declarations.js";

interface RegisteredProvider {
  auth: AuthKind;
  extensions: string[];
}

/** The connection name of an extension: its declared provider, else its id. */
export function providerOf(extension: LoadedExtension): string {
  return extension.definition.auth?.provider ?? extension.definition.id;
}

/**
 * The providers the installed extensions declare, each with the one auth declaration the host uses for it.
 * Built from manifests, which hold the whole declaration: no extension is imported for it.
 */
export class ProviderRegistry {
  private readonly byName = new Map<string, RegisteredProvider>();

  constructor(private readonly logger: Logger) {}

  clear(): void {
    this.byName.clear();
  }

  add(extension: ExtensionManifest): void {
    const auth = asAuthKind(extension.auth);
    if (!auth || !extension.auth) return;
    const provider = extension.auth.provider;
    const known = this.byName.get(provider);
    if (!known) {
      this.byName.set(provider, { auth, extensions: [extension.id] });
      return;
    }
    known.extensions.push(extension.id);
    if (known.auth.kind !== auth.kind) {
      this.logger.warn("extensions declare one provider with different auth kinds; the first wins", { provider, extension: extension.id });
      return;
    }
    // Extensions sharing an OAuth 2.0 provider share one grant: ask for every scope any of them needs.
    if (known.auth.kind === "oauth2" && auth.kind === "oauth2")
      known.auth = {
        ...known.auth,
        scopes: [...new Set([...known.auth.scopes, ...auth.scopes])],
        scopeGroups: mergeGroups(known.auth.scopeGroups, auth.scopeGroups),
        ...mergeDefaults(known.auth, auth),
      };
  }

  /** The provider's declaration, or undefined when no loaded extension declares it. */
  find(provider: string): AuthKind | undefined {
    return this.byName.get(provider)?.auth;
  }

  /** The provider's declaration; NOT_FOUND suggesting close names when no loaded extension declares it. */
  declaration(provider: string): AuthKind {
    const found = this.find(provider);
    if (found) return found;
    const names = [...this.byName.keys()];
    const close = closestNames(provider, names);
    // The name comes from the caller (a URL, a CLI argument): quote only its start.
    const quoted = clip(provider);
    throw new CommandError(
      "NOT_FOUND",
      `No installed extension connects to "${quoted}".${close.length ? ` Did you mean ${close.join(", ")}?` : names.length ? ` Known: ${names.join(", ")}.` : ""}`,
      { details: { provider: quoted, suggestions: close } },
    );
  }

  entries(): Array<[provider: string, registered: Readonly<RegisteredProvider>]> {
    return [...this.byName];
  }
}

function mergeGroups(a: OAuth2Auth["scopeGroups"], b: OAuth2Auth["scopeGroups"]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const groups of [a ?? {}, b ?? {}]) for (const [name, scopes] of Object.entries(groups)) out[name] = [...new Set([...(out[name] ?? []), ...scopes])];
  return out;
}

/**
 * Default groups of a shared grant: when either declaration narrows its default connect, each one's default
 * (a declaration without defaults contributes all its groups, since its plain connect asked for every scope).
 */
function mergeDefaults(a: OAuth2Auth, b: OAuth2Auth): { defaultScopeGroups?: string[] } {
  if (!a.defaultScopeGroups?.length && !b.defaultScopeGroups?.length) return {};
  const defaults = (auth: OAuth2Auth) => (auth.defaultScopeGroups?.length ? auth.defaultScopeGroups : Object.keys(auth.scopeGroups ?? {}));
  return { defaultScopeGroups: [...new Set([...defaults(a), ...defaults(b)])] };
}
