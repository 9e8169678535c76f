/**
 * The fake Garmin server must refuse what Garmin refuses, or the command tests prove nothing.
 * OAuth 1.0a requests are signed with @agx-ext/auth's RFC 5849 signer and checked on the server side.
 */
import { signRequest } from "@agx-ext/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGarmin, type FakeGarmin } from "./fake-garmin.js";
import { DAY_START, finalDaily } from "./fixtures.js";
import { oauth1Verifier } from "./oauth1-verifier.js";

const consumer = { consumerKey: "garmin-consumer-key", consumerSecret: "oauth1-consumer-secret" };
const legacy = { token: "uat-2f9c0b7e", tokenSecret: "uat-secret-81d4" };

let garmin: FakeGarmin;
beforeAll(async () => {
  garmin = await startFakeGarmin({
    acceptsBearer: (token) => token === "good-bearer",
    verifyOAuth1: oauth1Verifier({ ...consumer, tokens: new Map([[legacy.token, legacy.tokenSecret]]) }),
  });
  garmin.upload("dailies", finalDaily, DAY_START + 3600);
});
afterAll(async () => {
  await garmin?.close();
});

const dailiesUrl = (start: number, end: number) => `${garmin.url}/wellness-api/rest/dailies?uploadStartTimeInSeconds=${start}&uploadEndTimeInSeconds=${end}`;
const bearer = { authorization: "Bearer good-bearer" };

describe("fake Garmin pull API", () => {
  it("serves summaries uploaded inside the window only", async () => {
    const inside = await fetch(dailiesUrl(DAY_START, DAY_START + 86_400), { headers: bearer });
    expect(inside.status).toBe(200);
    expect(await inside.json()).toEqual([finalDaily]);
    const after = await fetch(dailiesUrl(DAY_START + 3601, DAY_START + 7200), { headers: bearer });
    expect(await after.json()).toEqual([]);
  });

  it.each([
    ["a range over 86400 s", () => dailiesUrl(DAY_START, DAY_START + 86_401), 400],
    ["a missing upload end", () => `${garmin.url}/wellness-api/rest/dailies?uploadStartTimeInSeconds=${DAY_START}`, 400],
    ["non-numeric times", () => `${garmin.url}/wellness-api/rest/dailies?uploadStartTimeInSeconds=yesterday&uploadEndTimeInSeconds=today`, 400],
    ["an end before the start", () => dailiesUrl(DAY_START, DAY_START - 1), 400],
    ["an unknown summary type", () => `${garmin.url}/wellness-api/rest/heartRates?uploadStartTimeInSeconds=1&uploadEndTimeInSeconds=2`, 404],
    ["an unknown path", () => `${garmin.url}/wellness-service/wellness/dailySummaryChart/2026-11-24`, 404],
  ])("refuses %s", async (_what, url, status) => {
    const response = await fetch(url(), { headers: bearer });
    expect(response.status).toBe(status);
  });

  it("refuses requests without credentials or with an unknown bearer token", async () => {
    expect((await fetch(dailiesUrl(DAY_START, DAY_START + 60))).status).toBe(401);
    const wrong = await fetch(dailiesUrl(DAY_START, DAY_START + 60), { headers: { authorization: "Bearer stolen" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("invalid_token");
    expect(await wrong.json()).toEqual({ errorMessage: "Invalid or expired access token" });
  });

  it("accepts an OAuth 1.0a request signed with auth's RFC 5849 signer, once", async () => {
    const url = dailiesUrl(DAY_START, DAY_START + 86_400);
    const signed = signRequest({ method: "GET", url, credentials: { ...consumer, ...legacy } });
    const first = await fetch(url, { headers: { authorization: signed.authorization } });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual([finalDaily]);
    const replay = await fetch(url, { headers: { authorization: signed.authorization } });
    expect(replay.status).toBe(401);
  });

  it("refuses OAuth 1.0a signatures over other parameters or with the wrong secret", async () => {
    const url = dailiesUrl(DAY_START, DAY_START + 86_400);
    const tampered = signRequest({ method: "GET", url: dailiesUrl(DAY_START, DAY_START + 60), credentials: { ...consumer, ...legacy } });
    expect((await fetch(url, { headers: { authorization: tampered.authorization } })).status).toBe(401);
    const wrongSecret = signRequest({ method: "GET", url, credentials: { ...consumer, ...legacy, tokenSecret: "guess" } });
    expect((await fetch(url, { headers: { authorization: wrongSecret.authorization } })).status).toBe(401);
    const unknownToken = signRequest({ method: "GET", url, credentials: { ...consumer, token: "revoked", tokenSecret: legacy.tokenSecret } });
    expect((await fetch(url, { headers: { authorization: unknownToken.authorization } })).status).toBe(401);
  });

  it("names the user by Garmin user id", async () => {
    const response = await fetch(`${garmin.url}/wellness-api/rest/user/id`, { headers: bearer });
    expect(await response.json()).toEqual({ userId: garmin.userId });
  });
});
