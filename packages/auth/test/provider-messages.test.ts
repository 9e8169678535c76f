import { afterEach, describe, expect, it } from "vitest";
import { Command, Extension, HTTP, inject, secret, SETTINGS, z } from "@agx-ext/core";
import { apiKey, type HttpClient } from "../src/index.js";
import { failure, providerExtension, startAuthHost, startFakeProvider, type AuthHost, type FakeProvider } from "./support.js";

const KEY = "sk-messages-55aa66bb";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const declaration = apiKey({ setting: "PM_KEY", header: "X-Api-Key" });

/** Marks its POST safe to repeat (an idempotency key makes a second delivery harmless). */
@Extension({
  id: "pm-jobs",
  name: "Jobs",
  description: "Posts jobs.",
  settings: z.object({ API_URL: z.string(), PM_KEY: secret(z.string()) }),
  auth: declaration,
})
class Jobs {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(SETTINGS) private readonly settings: { API_URL: string },
  ) {}

  @Command({ name: "Jobs Create", description: "POST a job, retried like a GET." })
  async create() {
    const data = await this.http
      .post(`${this.settings.API_URL}/v1/jobs`, { json: { name: "nightly" }, headers: { "idempotency-key": "job-1" }, retry: { methods: ["POST"] } })
      .json();
    return { data };
  }
}

async function setup(): Promise<{ host: AuthHost; provider: FakeProvider }> {
  const provider = await startFakeProvider({
    routes: { "GET /v1/me": () => ({ json: { id: "me" } }), "POST /v1/jobs": () => ({ status: 201, json: { id: "job-1" } }) },
  });
  cleanups.push(() => provider.close());
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("pm", declaration, { PM_KEY: secret(z.string()) }), Jobs],
    settings: { API_URL: provider.url, PM_KEY: KEY },
  });
  cleanups.push(() => host.close());
  return { host, provider };
}

const run = (host: AuthHost) => host.runtime.execute("pm get", { path: "/v1/me" }, { userId: "alice" });

describe("the provider's own words in errors", () => {
  it.each([
    ["Garmin errorMessage", { errorMessage: "Invalid summary time range" }, "Invalid summary time range"],
    ["OAuth error_description", { error: "invalid_request", error_description: "start_date is after end_date" }, "start_date is after end_date"],
    ["message", { message: "Vehicle not found" }, "Vehicle not found"],
    ["error.message", { error: { code: 400, message: "Invalid value at 'start_time'" } }, "Invalid value at 'start_time'"],
    ["detail", { detail: "Unknown field 'steps'" }, "Unknown field 'steps'"],
  ])("reads %s", async (_name, body, words) => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 400, json: body });
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "INVALID_INPUT", details: { status: 400, body } });
    expect(failed.message).toContain(words);
  });
});

describe("rate-limit headers", () => {
  it("puts Retry-After and X-RateLimit-* / RateLimit-* headers into RATE_LIMITED details", async () => {
    const { host, provider } = await setup();
    provider.fault({
      path: "/v1/me",
      status: 429,
      retryAfter: 3600,
      headers: {
        "X-RateLimit-Limit": "150",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "1764070000",
        "RateLimit-Policy": "150;w=900",
        "X-Request-Id": "abc",
      },
      json: { errorMessage: "Too many requests for this user" },
    });
    const limited = await failure(run(host));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 3600 });
    expect(limited.details!.headers).toEqual({
      "retry-after": "3600",
      "x-ratelimit-limit": "150",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1764070000",
      "ratelimit-policy": "150;w=900",
    });
    expect(limited.message).toContain("Too many requests for this user");
  });
});

describe("a POST the extension marks safe to retry", () => {
  it('is retried after a 503 when the request says `retry: { methods: ["POST"] }`', async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/jobs", status: 503 });
    expect((await host.runtime.execute("Jobs Create", {}, { userId: "alice" })).data).toEqual({ id: "job-1" });
    expect(provider.requestsTo("/v1/jobs", "POST")).toHaveLength(2);
  });
});
