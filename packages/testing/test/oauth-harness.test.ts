import { oauth2, type HttpClient } from "@agx-ext/auth";
import { Command, Extension, HTTP, inject, SETTINGS, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { startOAuthHarness, type OAuthHarness } from "../src/oauth-harness.js";
import type { OAuthTestServer } from "@agx-ext/test-servers/oauth";
import { startFakeProvider, type FakeProvider } from "@agx-ext/test-servers/provider";

const settingsSchema = z.object({ ACME_API_URL: z.string().url().default("https://api.acme.invalid").describe("Acme API base URL") });
const stepsInput = z.object({});
const stepsOutput = z.strictObject({ steps: z.number() });

/** An extension whose every OAuth endpoint points at a host that does not exist: only the harness's settings make it work. */
@Extension({
  id: "acme-fit",
  name: "Acme Fit",
  description: "Steps from Acme.",
  settings: settingsSchema,
  auth: oauth2({
    authorizeUrl: "https://acme.invalid/authorize",
    tokenUrl: "https://acme.invalid/token",
    revokeUrl: "https://acme.invalid/revoke",
    scopes: ["steps"],
    pkce: true,
    clientAuth: "body",
    clientIdSetting: "ACME_FIT_APP_ID",
    clientSecretSetting: "ACME_FIT_APP_SECRET",
  }),
})
class AcmeFit {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(SETTINGS) private readonly settings: z.output<typeof settingsSchema>,
  ) {}

  @Command({ name: "Get Steps", description: "Today's steps.", input: stepsInput, output: stepsOutput })
  async steps(_input: z.output<typeof stepsInput>) {
    const body = await this.http.get(`${this.settings.ACME_API_URL}/steps`).json<{ steps: number }>();
    return { data: { steps: body.steps } };
  }
}

@Extension({ id: "no-oauth", name: "No OAuth", description: "Connects with nothing." })
class NoOAuth {}

const startFake = (isValidToken: (token: string) => boolean) =>
  startFakeProvider({ bearer: isValidToken, routes: { "GET /steps": () => ({ json: { steps: 4200 } }) } });

let harness: OAuthHarness<FakeProvider> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("startOAuthHarness", () => {
  it("points the extension's OAuth settings at the test server, so a user connects and commands reach the fake with the issued token", async () => {
    harness = await startOAuthHarness({
      extension: AcmeFit,
      oauth: { clientAuth: "body", pkce: "required" },
      startFake,
      fakeSettings: (fake) => ({ ACME_API_URL: fake.url }),
    });
    const connection = await harness.connect("alice");
    expect(connection).toMatchObject({ status: "active" });
    expect(harness.oauth.tokenRequestCount("authorization_code")).toBe(1);

    const result = await harness.host.execute("Get Steps", {}, "alice");
    expect(result.data).toEqual({ steps: 4200 });
    const token = harness.fake.requests[0]?.headers.authorization?.replace(/^Bearer /, "");
    expect(token && harness.oauth.isValidAccessToken(token)).toBe(true);

    // The declared revoke endpoint is the test server's too: disconnecting revokes there, not at acme.invalid.
    await harness.host.services.auth.disconnect("alice", "acme-fit");
    expect(harness.oauth.isValidAccessToken(token!)).toBe(false);
  });

  it("grants only the scopes a test names", async () => {
    harness = await startOAuthHarness({ extension: AcmeFit, startFake, fakeSettings: (fake) => ({ ACME_API_URL: fake.url }) });
    expect(await harness.connect("bob", { grantScope: "profile" })).toMatchObject({ userId: "bob", scopes: ["profile"] });
    expect(await harness.connect()).toMatchObject({ userId: "alice", scopes: ["steps"] });
  });

  it("a test's settings win, and undefined removes one: connecting then names the missing client id", async () => {
    harness = await startOAuthHarness({ extension: AcmeFit, startFake, settings: { ACME_FIT_APP_ID: undefined } });
    await expect(harness.connect("alice")).rejects.toMatchObject({ code: "NOT_CONFIGURED", message: expect.stringContaining("ACME_FIT_APP_ID") });
  });

  it("refuses an extension without an oauth2 declaration, naming it", async () => {
    await expect(startOAuthHarness({ extension: NoOAuth, startFake })).rejects.toThrow("no-oauth does not declare auth: oauth2(...)");
  });

  it("stops the OAuth server when the fake fails to start", async () => {
    let oauth: OAuthTestServer | undefined;
    const failing = async (_valid: (token: string) => boolean, server: OAuthTestServer): Promise<FakeProvider> => {
      oauth = server;
      throw new Error("fake refused to start");
    };
    await expect(startOAuthHarness({ extension: AcmeFit, startFake: failing })).rejects.toThrow("fake refused to start");
    await expect(fetch(oauth!.tokenUrl, { method: "POST" })).rejects.toThrow();
  });
});
