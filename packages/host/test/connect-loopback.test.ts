import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startOAuthServer } from "@agx-ext/testing/oauth";
import { main } from "../src/cli/index.js";
import { makeHostDir } from "./helpers.js";

const fixture = fileURLToPath(new URL("./fixtures/oauth-probe", import.meta.url));
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("agx connect's loopback listener", () => {
  it("ignores every request whose path is not its exact callback path, then finishes the real callback", async () => {
    const oauth = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
    cleanups.push(() => oauth.stop());
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = {
      OAUTH_PROBE_API_URL: "http://127.0.0.1:9",
      OAUTH_PROBE_CLIENT_ID: oauth.clientId,
      OAUTH_PROBE_CLIENT_SECRET: oauth.clientSecret,
      OAUTH_PROBE_AUTHORIZE_URL: oauth.authorizeUrl,
      OAUTH_PROBE_TOKEN_URL: oauth.tokenUrl,
      AGX_LOG_LEVEL: "silent",
    };
    const out: string[] = [];
    let printed!: () => void;
    const urlPrinted = new Promise<void>((resolve) => (printed = resolve));
    const io = { out: (text: string) => (out.push(text), printed()), err: () => undefined };
    const exit = main(["connect", "oauth-probe", "--user", "alice"], io, { dir, env });
    await urlPrinted;
    const authorizeUrl = new URL(out[0]!);
    const callback = new URL(authorizeUrl.searchParams.get("redirect_uri")!);
    expect(callback.pathname).toBe("/oauth/oauth-probe/callback");

    const state = authorizeUrl.searchParams.get("state")!;
    for (const path of [
      "/evil/callback",
      "/oauth/oauth-probe/callback/extra",
      "/oauth/other/callback",
      "/callback",
      "/oauth/oauth-probe/callbackx",
      "/favicon.ico",
    ]) {
      const probe = await fetch(`${callback.origin}${path}?state=${state}&code=forged`);
      expect(probe.status, path).toBe(404);
    }
    const posted = await fetch(`${callback.href}?state=${state}&code=forged`, { method: "POST" });
    expect(posted.status).toBe(404);

    // The wait goes on: the real redirect still connects.
    const redirect = await oauth.authorize(authorizeUrl.href);
    const page = await fetch(redirect.url);
    expect(page.status).toBe(200);
    expect(await exit).toBe(0);
    expect(out[1]).toMatch(/^Connected oauth-probe for user "alice"/);
  });
});
