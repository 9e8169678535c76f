import { secret, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { apiKey, oauth2 } from "../src/index.js";
import { keyId, parseSecretKey } from "../src/host.js";
import {
  connectUser,
  failure,
  providerExtension,
  startAuthHost,
  startFakeProvider,
  startOAuthServer,
  TEST_KEY,
  type AuthHost,
  type TestDialect,
} from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const OLD = TEST_KEY;
const NEW = "b".repeat(64);
const OTHER = "c".repeat(64);
const idOf = (key: string) => keyId(parseSecretKey(key));

const oauthDeclaration = oauth2({
  authorizeUrl: "https://rot.example/authorize",
  tokenUrl: "https://rot.example/token",
  scopes: ["read"],
  pkce: false,
  clientAuth: "basic",
  clientIdSetting: "ROT_CLIENT_ID",
  clientSecretSetting: "ROT_CLIENT_SECRET",
});
const keyDeclaration = apiKey({ provider: "keyed", setting: "KEYED_API_KEY", header: "X-Api-Key" });

async function setup(dialect: TestDialect) {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const api = await startFakeProvider({
    routes: {
      "GET /v1/me": (req) => ({
        json: { ok: req.headers.authorization ? oauth.isValidAccessToken(req.headers.authorization.slice(7)) : req.headers["x-api-key"] === "user-key" },
      }),
    },
  });
  cleanups.push(() => api.close());
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const settings = {
    API_URL: api.url,
    ROT_CLIENT_ID: oauth.clientId,
    ROT_CLIENT_SECRET: oauth.clientSecret,
    ROT_AUTHORIZE_URL: oauth.authorizeUrl,
    ROT_TOKEN_URL: oauth.tokenUrl,
  };
  const extensions = [providerExtension("rot", oauthDeclaration), providerExtension("keyed", keyDeclaration, { KEYED_API_KEY: secret(z.string().min(1)) })];
  let first: AuthHost | undefined;
  /** A host on the shared database with these keys (the first one creates the database). */
  const host = async (secretKey: string, previousSecretKeys?: string) => {
    const started = await startAuthHost({
      dialect,
      extensions,
      settings,
      ...(first ? { shareWith: first } : {}),
      auth: { now, secretKey, ...(previousSecretKeys ? { previousSecretKeys } : {}) },
    });
    cleanups.push(() => started.close());
    first ??= started;
    return started;
  };
  const users = Array.from({ length: 6 }, (_, i) => `user-${i}`);
  const old = await host(OLD);
  for (const user of users) {
    await connectUser(old.auth, oauth, user, "rot");
    await old.auth.setSecret(user, "keyed", "KEYED_API_KEY", "user-key");
  }
  const works = async (h: AuthHost, user: string) => {
    expect((await h.runtime.execute("rot get", {}, { userId: user })).data).toEqual({ ok: true });
    expect((await h.runtime.execute("keyed get", {}, { userId: user })).data).toEqual({ ok: true });
  };
  return { oauth, host, users, works, advance: (ms: number) => (offsetMs += ms) };
}

describe.each(["sqlite", "postgresql"] as const)("vault key rotation on %s", (dialect) => {
  it("re-seals every value under the new key, in batches, resumably; the old key is then no longer needed", async () => {
    const { host, users, works } = await setup(dialect);
    const rotating = await host(NEW, `  ,${OLD}`);
    await works(rotating, users[0]!); // values sealed under the old key open with the previous key

    // A run that stops after its first batch (a crash, a deploy) ...
    const stopped = await rotating.auth
      .rotateVault({
        batchSize: 2,
        onBatch: () => {
          throw new Error("stopped");
        },
      })
      .catch((error: Error) => error.message);
    expect(stopped).toBe("stopped");
    // ... is finished by the next run, which reads only what is not yet under the new key.
    const report = await rotating.auth.rotateVault({ batchSize: 2 });
    expect(report).toMatchObject({ keyId: idOf(NEW), skippedChanged: 0, unreadable: {}, remaining: 0 });
    // 6 connections + 6 secrets + the key check + 6 used connect flows, less the first run's batch of 2.
    expect(report.resealed).toBe(6 + 6 + 1 + 6 - 2);
    expect(await rotating.auth.rotateVault()).toMatchObject({ resealed: 0, remaining: 0 });

    const newOnly = await host(NEW);
    for (const user of users) await works(newOnly, user);
  });

  it("a value sealed under a key this host lacks makes the connection unreadable, naming the key id", async () => {
    const { oauth, host, users, works } = await setup(dialect);
    // A host already on the next key (the old one as previous) connects someone while this host has only the old key.
    const ahead = await host(OTHER, OLD);
    await connectUser(ahead.auth, oauth, "newcomer", "rot");
    await ahead.auth.setSecret("newcomer", "keyed", "KEYED_API_KEY", "user-key");
    const behind = await host(OLD);
    await works(behind, users[0]!);

    const listed = (await behind.auth.connections("newcomer")).map((c) => [c.provider, c.status, c.connected, c.statusReason]);
    expect(listed).toEqual([
      ["keyed", "unreadable", false, expect.stringContaining(`vault key ${idOf(OTHER)}`)],
      ["rot", "unreadable", false, expect.stringContaining(`vault key ${idOf(OTHER)}`)],
    ]);
    const refused = await failure(behind.runtime.execute("rot get", {}, { userId: "newcomer" }));
    expect(refused).toMatchObject({ code: "NOT_CONNECTED", details: { reason: "unreadable", keyId: idOf(OTHER) } });
    expect(refused.message).toContain(idOf(OTHER));
    expect(refused.message).not.toContain(OTHER);
  });
});

describe("rotating while hosts serve (two hosts sharing PostgreSQL)", () => {
  it("calls and refreshes go on during the rotation, and no token saved meanwhile is lost", async () => {
    const { oauth, host, users, works, advance } = await setup("postgresql");
    // Every host knows both keys first; the serving one still seals under the old key, the rotating one under the new.
    const serving = await host(OLD, NEW);
    const rotating = await host(NEW, OLD);
    advance(2 * 3600_000); // every access token is due: the serving host refreshes (and re-seals) while the rotation runs
    oauth.setTokenDelay(20);
    const [results, report] = await Promise.all([
      Promise.all(
        users.flatMap((user) => [serving.runtime.execute("rot get", {}, { userId: user }), rotating.runtime.execute("keyed get", {}, { userId: user })]),
      ),
      rotating.auth.rotateVault({ batchSize: 1 }),
    ]);
    expect(results.every((r) => (r.data as { ok: boolean }).ok)).toBe(true);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(users.length);
    expect(report.unreadable).toEqual({});
    // Rows the serving host re-sealed under the old key meanwhile are left for the next run, never overwritten.
    await rotating.auth.rotateVault({ batchSize: 1 });
    expect(await rotating.auth.rotateVault()).toMatchObject({ resealed: 0, remaining: 0 });
    const newOnly = await host(NEW);
    for (const user of users) await works(newOnly, user);
  });
});
