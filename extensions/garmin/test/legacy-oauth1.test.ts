import { afterEach, describe, expect, it } from "vitest";
import { DAY, NOW } from "./fixtures.js";
import { startHarness, type Harness } from "./harness.js";
import { oauth1Verifier } from "./oauth1-verifier.js";

const CONSUMER_SECRET = "garmin-oauth1-consumer-secret";
const TOKEN = "uat-6a1f0c93-legacy";
const TOKEN_SECRET = "uat-secret-4be2d7";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function legacyHarness(options: { connect?: boolean; clock?: () => Date; consumerSecret?: string | undefined } = {}) {
  const tokens = new Map([[TOKEN, TOKEN_SECRET]]);
  h = await startHarness({
    connect: options.connect ?? false,
    settings: { GARMIN_OAUTH1_CONSUMER_SECRET: "consumerSecret" in options ? options.consumerSecret : CONSUMER_SECRET },
    // Garmin checks the signature with the consumer key (= OAuth 2.0 client id) and the app's OAuth 1.0a secret.
    verifyOAuth1: oauth1Verifier({ consumerKey: "garmin-consumer-key", consumerSecret: CONSUMER_SECRET, tokens }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { h, tokens };
}

const lastAuthorization = (harness: Harness, path: string) => String(harness.garmin.provider.requestsTo(path).at(-1)?.headers.authorization ?? "");

describe("OAuth 1.0a connections until Garmin retires them", () => {
  it("imports a working token, then signs every Health API call with it", async () => {
    const { h } = await legacyHarness();
    const imported = await h.run("Garmin - Import OAuth 1.0a Token", { oauth_token: TOKEN, oauth_token_secret: TOKEN_SECRET });
    expect(imported.data).toEqual({ provider: "garmin", authorization: "oauth1", garminUserId: h.garmin.userId, stored: true, usableUntil: "2026-12-31" });
    expect(JSON.stringify(imported)).not.toContain(TOKEN_SECRET);
    expect(JSON.stringify(imported)).not.toContain(TOKEN);

    const { data } = await h.run("Get Steps", { date: DAY });
    expect(data.steps).toBe(8412);
    const authorization = lastAuthorization(h, "/wellness-api/rest/dailies");
    expect(authorization).toMatch(/^OAuth /);
    expect(authorization).toContain('oauth_signature_method="HMAC-SHA1"');
    expect(authorization).not.toContain(TOKEN_SECRET);
  });

  it("refuses a token Garmin does not accept and stores nothing", async () => {
    const { h } = await legacyHarness();
    const error = await h.fail("Garmin - Import OAuth 1.0a Token", { oauth_token: TOKEN, oauth_token_secret: "not-the-secret" });
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).not.toContain("not-the-secret");
    expect((await h.fail("Get Steps", { date: DAY })).code).toBe("NOT_CONNECTED");
  });

  it("needs the app's OAuth 1.0a consumer secret, and says so", async () => {
    const { h } = await legacyHarness({ consumerSecret: undefined });
    const error = await h.fail("Garmin - Import OAuth 1.0a Token", { oauth_token: TOKEN, oauth_token_secret: TOKEN_SECRET });
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toContain("GARMIN_OAUTH1_CONSUMER_SECRET");
    expect(h.garmin.provider.requests).toHaveLength(0);
  });

  it("answers NOT_CONNECTED once Garmin revokes the OAuth 1.0a token", async () => {
    const { h, tokens } = await legacyHarness();
    await h.run("Garmin - Import OAuth 1.0a Token", { oauth_token: TOKEN, oauth_token_secret: TOKEN_SECRET });
    tokens.delete(TOKEN);
    const error = await h.fail("Get Body Battery", { date: DAY });
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("agx connect garmin");
  });

  it("stops using OAuth 1.0a after 2026-12-31 and asks the user to reconnect", async () => {
    let now = NOW;
    const { h } = await legacyHarness({ clock: () => now });
    await h.run("Garmin - Import OAuth 1.0a Token", { oauth_token: TOKEN, oauth_token_secret: TOKEN_SECRET });
    now = new Date("2027-01-01T00:00:01Z");
    const before = h.garmin.provider.requests.length;
    const error = await h.fail("Get Sleep Data", { date: DAY });
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("retired OAuth 1.0a on 2026-12-31");
    expect(h.garmin.provider.requests.length).toBe(before);
  });

  it("prefers the OAuth 2.0 connection once the user has one", async () => {
    const { h } = await legacyHarness({ connect: true });
    const imported = await h.run("Garmin - Import OAuth 1.0a Token", { oauth_token: TOKEN, oauth_token_secret: TOKEN_SECRET });
    expect(imported.data).toEqual({ provider: "garmin", authorization: "oauth2", garminUserId: h.garmin.userId, stored: false });
    await h.run("Get Stress Data", { date: DAY });
    expect(lastAuthorization(h, "/wellness-api/rest/stressDetails")).toMatch(/^Bearer /);
  });
});
