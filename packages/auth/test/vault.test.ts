import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { secret, z } from "@agx-ext/core";
import { objectSettings } from "@agx-ext/core/host";
import { openDatabase } from "@agx-ext/db";
import { afterEach, describe, expect, it } from "vitest";
import { credentials, oauth2 } from "../src/index.js";
import { createAuthModule, keyId, loadSecretKey, parsePreviousKeys, parseSecretKey, VaultCipher, VaultKeyError, VaultKeyring } from "../src/host.js";
import { createTestDatabase, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("vault cipher and key", () => {
  it("seals with AES-256-GCM, binds a value to its row, and refuses a wrong key", () => {
    const cipher = new VaultCipher(Buffer.alloc(32, 1));
    const sealed = cipher.seal("token-value", "row-1");
    expect(sealed).not.toContain("token-value");
    expect(cipher.seal("token-value", "row-1")).not.toBe(sealed); // fresh IV every time
    expect(cipher.open(sealed, "row-1")).toBe("token-value");
    expect(() => cipher.open(sealed, "row-2")).toThrow(VaultKeyError);
    expect(() => new VaultCipher(Buffer.alloc(32, 2)).open(sealed, "row-1")).toThrow(
      /sealed under key [0-9a-f]{16}, which is neither AGX_SECRET_KEY nor in AGX_SECRET_KEY_PREVIOUS/,
    );
  });

  it("records the key id in each value, opens values of previous keys and of the format before key ids", () => {
    const old = Buffer.alloc(32, 1);
    const sealed = new VaultCipher(old).seal("token-value", "row-1");
    expect(sealed.split(".").slice(0, 2)).toEqual(["v2", keyId(old)]);
    const rotated = new VaultCipher(new VaultKeyring(Buffer.alloc(32, 2), [old]));
    expect(rotated.open(sealed, "row-1")).toBe("token-value");
    expect(rotated.seal("x", "row-1").split(".")[1]).toBe(keyId(Buffer.alloc(32, 2)));
    // A value from before key ids (v1.<iv>.<tag>.<body>) is tried against every key.
    const legacy = ["v1", ...sealed.split(".").slice(2)].join(".");
    expect(rotated.open(legacy, "row-1")).toBe("token-value");
    expect(() => new VaultCipher(Buffer.alloc(32, 3)).open(legacy, "row-1")).toThrow(/does not open with AGX_SECRET_KEY or any key in AGX_SECRET_KEY_PREVIOUS/);
    expect(() => parsePreviousKeys(`${"ab".repeat(32)}, nope`)).toThrow(/AGX_SECRET_KEY_PREVIOUS entry 2 is not a key/);
    expect(parsePreviousKeys(" , ")).toEqual([]);
  });

  it("parses hex and base64 keys and explains a bad one", () => {
    expect(parseSecretKey("ab".repeat(32))).toHaveLength(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString("base64"))).toHaveLength(32);
    expect(() => parseSecretKey("short")).toThrow(/AGX_SECRET_KEY must be 32 random bytes/);
  });

  it("generates the embedded default key once, owner-only, and reuses it", async () => {
    const db = await createTestDatabase("sqlite");
    cleanups.push(() => db.drop());
    const first = await loadSecretKey({ hostDir: db.hostDir });
    expect(first.origin).toBe("generated");
    expect((await stat(first.file!)).mode & 0o777).toBe(0o600);
    const second = await loadSecretKey({ hostDir: db.hostDir });
    expect(second.origin).toBe("file");
    expect(second.key.equals(first.key)).toBe(true);
    const fromEnv = await loadSecretKey({ hostDir: db.hostDir, secretKey: "cd".repeat(32) });
    expect(fromEnv.origin).toBe("env");
  });

  it("gives hosts starting together on a new directory one key: none reads the file while another writes it", async () => {
    const loadKey = fileURLToPath(new URL("./fixtures/load-key.mjs", import.meta.url));
    for (let round = 0; round < 8; round++) {
      const hostDir = await mkdtemp(join(tmpdir(), "agx-key-race-"));
      cleanups.push(() => rm(hostDir, { recursive: true, force: true }));
      const at = String(Date.now() + 400);
      const keys = await Promise.all(Array.from({ length: 6 }, () => promisify(execFile)(process.execPath, [loadKey, hostDir, at]).then((r) => r.stdout)));
      const onDisk = Buffer.from((await readFile(join(hostDir, ".agx", "secret.key"), "utf8")).trim(), "base64url").toString("hex");
      expect(onDisk).toMatch(/^[0-9a-f]{64}$/);
      expect(keys).toEqual(Array.from({ length: 6 }, () => onDisk));
      // Only the key file is left: each process's draft is gone.
      expect(await readdir(join(hostDir, ".agx"))).toEqual(["secret.key"]);
    }
  });
});

async function connectedHost(dialect: TestDialect) {
  const oauth = await startOAuthServer();
  cleanups.push(() => oauth.stop());
  const provider = await startFakeProvider({ bearer: (t) => oauth.isValidAccessToken(t), routes: { "GET /v1/me": () => ({ json: {} }) } });
  cleanups.push(() => provider.close());
  const declaration = oauth2({
    authorizeUrl: oauth.authorizeUrl,
    tokenUrl: oauth.tokenUrl,
    scopes: ["read"],
    pkce: true,
    clientAuth: "body",
    clientIdSetting: "ACME_CLIENT_ID",
    clientSecretSetting: "ACME_CLIENT_SECRET",
  });
  const host = await startAuthHost({
    dialect,
    extensions: [
      providerExtension("acme", declaration),
      providerExtension("creds", credentials({ fields: ["CREDS_PASSWORD"] }), { CREDS_PASSWORD: secret(z.string().min(1)) }),
    ],
    settings: { API_URL: provider.url, ACME_CLIENT_ID: oauth.clientId, ACME_CLIENT_SECRET: oauth.clientSecret },
  });
  cleanups.push(() => host.close());
  const begun = await host.auth.begin("alice", "acme");
  const { code, state } = await oauth.authorize(begun.url);
  await host.auth.complete(state!, { code: code! });
  await host.runtime.execute("acme get", {}, { userId: "alice" });
  await host.auth.setSecret("alice", "creds", "CREDS_PASSWORD", "hunter2-correct-horse");
  const accessToken = provider.requests[0]!.token!;
  const refreshToken = oauth.currentRefreshToken()!;
  return { host, state, accessToken, refreshToken, secrets: [accessToken, refreshToken, "hunter2-correct-horse", state!] };
}

describe("vault at rest", () => {
  it("the SQLite files never hold a token, refresh token, password or state in plain text", async () => {
    const { host, secrets } = await connectedHost("sqlite");
    await host.runtime.stop(); // checkpoint and close the file
    const files = (await readdir(host.testDb.hostDir)).filter((f) => f.startsWith("test.db"));
    expect(files).toContain("test.db");
    for (const file of files) {
      const bytes = (await readFile(join(host.testDb.hostDir, file))).toString("latin1");
      for (const secret of secrets) expect(bytes).not.toContain(secret);
    }
  });

  it("PostgreSQL rows never hold a token, refresh token, password or state in plain text", async () => {
    const { host, secrets } = await connectedHost("postgresql");
    const rows: unknown[] = [];
    for (const table of ["agx_auth_connections", "agx_auth_secrets", "agx_auth_states", "agx_auth_meta"])
      rows.push(...(await host.database.orm.em.fork().getConnection().execute(`select * from ${table}`)));
    const dump = JSON.stringify(rows);
    expect(dump).toContain("alice");
    for (const secret of secrets) expect(dump).not.toContain(secret);
  });

  it("credentials fields reach the extension's settings, and the connection lists their names only", async () => {
    const { host } = await connectedHost("sqlite");
    const list = await host.auth.connections("alice");
    expect(list.map((c) => [c.provider, c.status, c.secrets ?? []])).toEqual([
      ["acme", "active", []],
      ["creds", "active", ["CREDS_PASSWORD"]],
    ]);
    expect(JSON.stringify(list)).not.toContain("hunter2");
    const creds = host.runtime.extensions.find((e) => e.id === "creds")!;
    expect((await host.runtime.settingsStatus(creds, "alice")).missingSettings).toEqual([]);
    expect((await host.runtime.settingsStatus(creds, "bob")).missingSettings).toEqual(["CREDS_PASSWORD"]);
  });

  it("refuses to start with a different key, with a clear message", async () => {
    const { host } = await connectedHost("sqlite");
    await host.runtime.stop();
    const database = openDatabase({ hostDir: host.testDb.hostDir, url: host.testDb.url });
    const auth = createAuthModule({ database, settings: objectSettings({}), hostDir: host.testDb.hostDir, secretKey: "b".repeat(64) });
    await database.start([]);
    cleanups.push(() => database.stop());
    await expect(auth.start([], [])).rejects.toThrow(/different AGX_SECRET_KEY/);
  });
});
