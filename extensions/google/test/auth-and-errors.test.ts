import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insufficientScopeBody, rateLimitBody } from "./fakes/google-errors.js";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";
import { DEFAULT_SCOPE_GROUPS } from "../src/shared/auth.js";
import { PRODUCTS, SCOPES } from "../src/shared/products.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect("alice");
});
afterAll(() => h.close());
beforeEach(() => {
  for (const fake of [h.gmail.provider, h.calendar.provider, h.keep.provider]) fake.clearFaults();
});

const LIST = "/gmail/v1/users/me/messages";
const SEND = "/gmail/v1/users/me/messages/send";
const listCount = () => h.gmail.provider.requestsTo(LIST, "GET").length;

describe("tokens", () => {
  it("refreshes an expired access token once and retries the call", async () => {
    const refreshes = h.oauth.tokenRequestCount("refresh_token");
    h.oauth.expireAccessTokens();
    const before = listCount();
    await expect(h.run("Google - Get Emails")).resolves.toMatchObject({ data: { count: 0 } });
    expect(h.oauth.tokenRequestCount("refresh_token")).toBe(refreshes + 1);
    const calls = h.gmail.provider.requestsTo(LIST, "GET").slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.token).not.toBe(calls[1]!.token);
  });

  it("answers NOT_CONNECTED for a user who never connected Google", async () => {
    const error = await failure(h.run("Google - Get Emails", {}, "bob"));
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("agx connect google");
  });

  it("answers NOT_CONNECTED once the user revoked access", async () => {
    const other = await startGoogleHarness();
    try {
      await other.connect("carol");
      other.oauth.revokeGrants();
      const error = await failure(other.run("Google - Get Keep Notes", {}, "carol"));
      expect(error.code).toBe("NOT_CONNECTED");
      expect(error.message).toContain("agx connect google");
    } finally {
      await other.close();
    }
  });
});

describe("connecting", () => {
  const scopesOf = (url: string) => new URL(url).searchParams.get("scope")!.split(" ");

  it("a bare connect (what the README tells people to run) asks for every product but Keep", async () => {
    const begun = await h.host.services.auth.begin("zoe", "google");
    const scopes = scopesOf(begun.url);
    expect(DEFAULT_SCOPE_GROUPS).toEqual(["gmail", "calendar", "ads", "analytics", "tagmanager"]);
    expect(scopes).not.toContain(SCOPES.keep);
    for (const product of DEFAULT_SCOPE_GROUPS) for (const scope of PRODUCTS[product].scopes) expect(scopes).toContain(scope);
    expect(new URL(begun.url).searchParams.get("include_granted_scopes")).toBe("true");
  });

  it("Keep is asked for on its own with --scopes keep, keeping earlier grants", async () => {
    const begun = await h.host.services.auth.begin("zoe", "google", { scopes: ["keep"] });
    expect(scopesOf(begun.url)).toEqual(expect.arrayContaining([SCOPES.keep, "openid", "email"]));
    expect(scopesOf(begun.url)).not.toContain(SCOPES.gmail);
  });

  it("the declaration lists every product as a scope group a host can offer", () => {
    const providers = h.host.services.auth.providers();
    expect(providers.find((p) => p.provider === "google")?.defaultScopeGroups).toEqual([...DEFAULT_SCOPE_GROUPS]);
    expect(providers.find((p) => p.provider === "google")?.scopeGroups).toEqual(
      Object.fromEntries(Object.entries(PRODUCTS).map(([product, info]) => [product, info.scopes])),
    );
  });
});

describe("least privilege", () => {
  it("names the product to add when its scopes were not granted, without calling Google", async () => {
    await h.connect("dora", ["gmail"]);
    const before = h.calendar.provider.requests.length;
    const error = await failure(h.run("Google - Get Calendar Items", {}, "dora"));
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("Google Calendar");
    expect(error.message).toContain("agx connect google --scopes calendar");
    expect(h.calendar.provider.requests.length).toBe(before);
    await expect(h.run("Google - Get Emails", {}, "dora")).resolves.toMatchObject({ data: { count: 0 } });
    expect((await failure(h.run("GTM - Get Containers", {}, "dora"))).message).toContain("--scopes tagmanager");
  });

  it("turns Google's insufficient-scope 403 into NOT_CONNECTED naming the product", async () => {
    h.keep.provider.fault({ path: "/v1/notes", status: 403, json: insufficientScopeBody });
    const error = await failure(h.run("Google - Get Keep Notes"));
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("agx connect google --scopes keep");
  });
});

describe("rate limits and server errors", () => {
  it("backs off and retries a 429 with Retry-After", async () => {
    h.gmail.provider.fault({ path: LIST, status: 429, retryAfter: 1, json: rateLimitBody(429) });
    const before = listCount();
    await expect(h.run("Google - Get Emails")).resolves.toMatchObject({ data: { count: 0 } });
    expect(listCount() - before).toBe(2);
  });

  it("backs off and retries Google's 403 rateLimitExceeded", async () => {
    h.gmail.provider.fault({ path: LIST, status: 403, json: rateLimitBody(403), times: 2 });
    const before = listCount();
    await expect(h.run("Google - Get Emails")).resolves.toMatchObject({ data: { count: 0 } });
    expect(listCount() - before).toBe(3);
  });

  it("does not retry a 403 that is not a rate limit, and names a disabled API as the host's to enable", async () => {
    h.gmail.provider.fault({
      path: LIST,
      status: 403,
      json: {
        error: { code: 403, message: "Gmail API has not been used in project 1", status: "PERMISSION_DENIED", errors: [{ reason: "accessNotConfigured" }] },
      },
    });
    const before = listCount();
    const error = await failure(h.run("Google - Get Emails"));
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toContain("Gmail API has not been used");
    expect(error.message).toContain("enable it in Google Cloud console");
    expect(listCount() - before).toBe(1);
  });

  it("answers RATE_LIMITED for a rate-limited send, which is not retried", async () => {
    h.gmail.provider.fault({ path: SEND, status: 403, json: rateLimitBody(403) });
    const before = h.gmail.provider.requestsTo(SEND, "POST").length;
    const error = await failure(h.run("Google - Send Email", { to: "a@example.test", subject: "s", message_text: "t" }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(h.gmail.provider.requestsTo(SEND, "POST").length - before).toBe(1);
    h.gmail.provider.fault({ path: SEND, status: 429, retryAfter: 7, json: rateLimitBody(429) });
    const limited = await failure(h.run("Google - Send Email", { to: "a@example.test", subject: "s", message_text: "t" }));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 7 });
  });

  it("retries a 503 and reports a lasting 500 as PROVIDER_ERROR", async () => {
    h.calendar.provider.fault({
      path: "/calendar/v3/calendars/primary/events",
      status: 503,
      json: { error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } },
    });
    await expect(h.run("Google - Get Calendar Items")).resolves.toMatchObject({ data: { count: 0 } });
    h.calendar.provider.fault({
      path: "/calendar/v3/calendars/primary/events",
      status: 500,
      times: Infinity,
      json: { error: { code: 500, message: "Backend Error", status: "INTERNAL", errors: [{ reason: "backendError" }] } },
    });
    const error = await failure(h.run("Google - Get Calendar Items"));
    expect(error.code).toBe("PROVIDER_ERROR");
    expect(error.message).toContain("Backend Error");
  });
});

describe("settings", () => {
  it("answers NOT_CONFIGURED naming the OAuth client settings", async () => {
    const bare = await startGoogleHarness({ GOOGLE_CLIENT_ID: undefined });
    try {
      const error = await failure(bare.run("Google - Get Emails"));
      expect(error.code).toBe("NOT_CONFIGURED");
      expect(error.message).toContain("GOOGLE_CLIENT_ID");
      expect(bare.gmail.provider.requests).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });
});
