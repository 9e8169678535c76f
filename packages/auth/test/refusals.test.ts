import { afterEach, describe, expect, it } from "vitest";
import { secret, z } from "@agx-ext/core";
import { apiKey, type RetryableResponse } from "../src/index.js";
import { failure, providerExtension, startAuthHost, startFakeProvider, type AuthHost, type FakeProvider } from "./support.js";

const KEY = "sk-refusals-0a1b2c3d";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Google's documented 403 bodies (https://developers.google.com/workspace/gmail/api/guides/handle-errors). */
const googleRefusal = (reason: string, message: string) => ({
  error: { code: 403, message, status: "PERMISSION_DENIED", errors: [{ domain: "usageLimits", reason, message }] },
});

async function setup(retryable?: RetryableResponse): Promise<{ host: AuthHost; provider: FakeProvider }> {
  const provider = await startFakeProvider({
    routes: {
      "GET /v1/me": (req) => (req.headers["x-api-key"] === KEY ? { json: { id: "me" } } : { status: 401, json: { error: "bad key" } }),
      "POST /v1/me": () => ({ json: { id: "me" } }),
    },
  });
  cleanups.push(() => provider.close());
  const declaration = apiKey({ setting: "RF_API_KEY", header: "X-Api-Key", ...(retryable ? { retryable } : {}) });
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("rf", declaration, { RF_API_KEY: secret(z.string().min(1)) })],
    settings: { API_URL: provider.url, RF_API_KEY: KEY },
  });
  cleanups.push(() => host.close());
  return { host, provider };
}

const run = (host: AuthHost, method = "GET") => host.runtime.execute("rf get", { path: "/v1/me", method }, { userId: "alice" });

describe("403 rate limits (Google style)", () => {
  it("retries a 403 rateLimitExceeded / userRateLimitExceeded like a 429", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 403, json: googleRefusal("rateLimitExceeded", "Rate Limit Exceeded") });
    provider.fault({ path: "/v1/me", status: 403, json: googleRefusal("userRateLimitExceeded", "User Rate Limit Exceeded") });
    expect((await run(host)).data).toEqual({ id: "me" });
    expect(provider.requestsTo("/v1/me")).toHaveLength(3);
  });

  it("reports RATE_LIMITED with Google's message when the retries run out", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 403, times: 10, json: googleRefusal("userRateLimitExceeded", "User Rate Limit Exceeded") });
    const limited = await failure(run(host));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", details: { status: 403 } });
    expect(limited.message).toContain("User Rate Limit Exceeded");
    expect(provider.requestsTo("/v1/me")).toHaveLength(3); // first try + 2 retries
  });

  it("does not retry a 403 rate limit on a POST", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 403, json: googleRefusal("rateLimitExceeded", "Rate Limit Exceeded") });
    expect((await failure(run(host, "POST"))).code).toBe("RATE_LIMITED");
    expect(provider.requestsTo("/v1/me")).toHaveLength(1);
  });

  it("does not retry a plain 403", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 403, json: googleRefusal("forbidden", "The caller does not have permission") });
    expect((await failure(run(host))).code).toBe("UNAUTHORIZED");
    expect(provider.requestsTo("/v1/me")).toHaveLength(1);
  });

  it("takes the declaration's own retryable hook", async () => {
    const { host, provider } = await setup((status, body) => status === 409 && (body as { code?: string })?.code === "busy");
    provider.fault({ path: "/v1/me", status: 409, json: { code: "busy" } });
    expect((await run(host)).data).toEqual({ id: "me" });
    provider.fault({ path: "/v1/me", status: 409, json: { code: "taken" } });
    expect((await failure(run(host))).code).toBe("CONFLICT");
    expect(provider.requestsTo("/v1/me")).toHaveLength(3);
  });
});

describe("insufficient scope", () => {
  it("maps Google's ACCESS_TOKEN_SCOPE_INSUFFICIENT and insufficientPermissions to NOT_CONNECTED", async () => {
    const { host, provider } = await setup();
    provider.fault({
      path: "/v1/me",
      status: 403,
      json: {
        error: {
          code: 403,
          message: "Request had insufficient authentication scopes.",
          status: "PERMISSION_DENIED",
          details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT" }],
        },
      },
    });
    const first = await failure(run(host));
    expect(first).toMatchObject({ code: "NOT_CONNECTED", details: { status: 403, reason: "insufficient_scope", connect: "agx connect rf" } });
    expect(first.message).toContain("insufficient authentication scopes");
    provider.fault({ path: "/v1/me", status: 403, json: googleRefusal("insufficientPermissions", "Insufficient Permission") });
    expect((await failure(run(host))).code).toBe("NOT_CONNECTED");
    expect(provider.requestsTo("/v1/me")).toHaveLength(2);
  });

  it("maps RFC 6750 WWW-Authenticate insufficient_scope to NOT_CONNECTED", async () => {
    const { host, provider } = await setup();
    provider.fault({
      path: "/v1/me",
      status: 403,
      json: { error: "insufficient_scope" },
      headers: { "WWW-Authenticate": 'Bearer realm="api", error="insufficient_scope", scope="read write"' },
    });
    expect((await failure(run(host))).code).toBe("NOT_CONNECTED");
  });
});
