/**
 * One harness for extensions that connect with OAuth 2.0: a real OAuth server playing the provider's, the
 * extension's fake provider API accepting exactly the tokens that server issued, and a test host pointed at
 * both. An extension's own test/harness.ts keeps only what is its provider's: the fake, its settings, the
 * clock and time zone it tests with.
 *
 * ```ts
 * const h = await startOAuthHarness({
 *   extension: Acme,
 *   oauth: { clientAuth: "body", pkce: "required" },
 *   startFake: (isValidToken) => startFakeAcme({ isValidToken }),
 *   fakeSettings: (fake) => ({ ACME_API_URL: fake.url }),
 * });
 * await h.connect("alice");
 * await h.host.execute("Acme - Get Steps", {});
 * await h.close();
 * ```
 */
import type { OAuth2Auth } from "@agx-ext/auth";
import { settingPrefix } from "@agx-ext/auth/host";
import { readExtension, type ExtensionClass } from "@agx-ext/core";
import { createTestHost, type TestHost, type TestHostOptions } from "./index.js";
import { connectUser, startOAuthServer, type ConnectOptions, type OAuthServerOptions, type OAuthTestServer } from "@agx-ext/test-servers/oauth";

/** A fake provider (or several behind one object) the harness closes with the host. */
export interface Closable {
  close(): Promise<void>;
}

export interface OAuthHarnessOptions<Fake extends Closable> extends Pick<TestHostOptions, "timeZone" | "clock" | "databaseUrl" | "publicUrl"> {
  /** The decorated extension class; it must declare `auth: oauth2(...)`. */
  extension: ExtensionClass;
  /** The OAuth server as the provider's behaves (client authentication, PKCE, client id...). */
  oauth?: OAuthServerOptions;
  /** Starts the fake provider API; `isValidToken` accepts exactly the access tokens the OAuth server issued and still honours. */
  startFake(isValidToken: (token: string) => boolean, oauth: OAuthTestServer): Promise<Fake>;
  /** Settings pointing the extension at the fake (base URLs...) and anything else it always needs. */
  fakeSettings?(fake: Fake, oauth: OAuthTestServer): Record<string, string>;
  /** A test's own settings: replace any of the above, or remove one with `undefined`. */
  settings?: Record<string, string | undefined>;
}

export interface OAuthHarness<Fake> {
  host: TestHost;
  oauth: OAuthTestServer;
  fake: Fake;
  /** Connects a user (default "alice") through the real connect flow; `grantScope` replaces the scopes the user grants. */
  connect(userId?: string, options?: ConnectOptions): ReturnType<TestHost["services"]["auth"]["complete"]>;
  /** Stops the host, then the fake, then the OAuth server. */
  close(): Promise<void>;
}

/** Where the public URL points when a test names none: connect flows need one, nothing listens there. */
const PUBLIC_URL = "http://127.0.0.1:8787";

/** The extension's provider and its oauth2 declaration; an Error naming the class when it has none. */
function oauth2Of(extension: ExtensionClass): { provider: string; auth: OAuth2Auth } {
  const definition = readExtension(extension);
  if (!definition) throw new Error(`${extension.name} is not decorated with @Extension`);
  if (definition.auth?.kind !== "oauth2") throw new Error(`${definition.id} does not declare auth: oauth2(...), so it has no OAuth connect flow to test`);
  return { provider: definition.auth.provider ?? definition.id, auth: definition.auth as OAuth2Auth };
}

/**
 * The settings that send every OAuth request of the extension to the test server: the client credentials its
 * declaration names, and the endpoint overrides (declared names, else `<PROVIDER>_AUTHORIZE_URL` and so on,
 * the names @agx-ext/auth reads).
 */
function oauthSettings(provider: string, auth: OAuth2Auth, oauth: OAuthTestServer): Record<string, string> {
  const prefix = settingPrefix(provider);
  return {
    [auth.clientIdSetting]: oauth.clientId,
    [auth.clientSecretSetting]: oauth.clientSecret,
    [auth.authorizeUrlSetting ?? `${prefix}_AUTHORIZE_URL`]: oauth.authorizeUrl,
    [auth.tokenUrlSetting ?? `${prefix}_TOKEN_URL`]: oauth.tokenUrl,
    // Only endpoints the extension declares: a test host never calls the real provider.
    ...(auth.revokeUrl ? { [auth.revokeUrlSetting ?? `${prefix}_REVOKE_URL`]: oauth.revokeUrl } : {}),
    ...(auth.userInfo ? { [auth.userInfo.urlSetting ?? `${prefix}_USERINFO_URL`]: oauth.userInfoUrl } : {}),
  };
}

/** Starts the OAuth server, the fake and the host; whatever started is stopped again when a later step fails. */
export async function startOAuthHarness<Fake extends Closable>(options: OAuthHarnessOptions<Fake>): Promise<OAuthHarness<Fake>> {
  const { provider, auth } = oauth2Of(options.extension);
  const oauth = await startOAuthServer(options.oauth);
  let fake: Fake | undefined;
  try {
    fake = await options.startFake((token) => oauth.isValidAccessToken(token), oauth);
    const merged: Record<string, string | undefined> = {
      ...oauthSettings(provider, auth, oauth),
      AGX_PUBLIC_URL: PUBLIC_URL,
      ...options.fakeSettings?.(fake, oauth),
      ...options.settings,
    };
    const host = await createTestHost({
      extensions: [options.extension],
      settings: Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
    const started = fake;
    return {
      host,
      oauth,
      fake: started,
      connect: (userId = "alice", connectOptions = {}) => connectUser(host.services.auth, oauth, userId, provider, connectOptions),
      async close() {
        await host.close();
        await started.close();
        await oauth.stop();
      },
    };
  } catch (error) {
    await fake?.close();
    await oauth.stop();
    throw error;
  }
}
