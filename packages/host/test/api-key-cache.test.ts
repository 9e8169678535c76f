import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@agx-ext/db";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { createHost, type Host } from "../src/host.js";
import { attachUserStore } from "../src/users/attach.js";
import { KeyCache } from "../src/users/key-cache.js";
import { hashKey, issueKey } from "../src/users/keys.js";
import { LISTENER_NAME } from "../src/users/revocations-postgres.js";
import type { UserStore } from "../src/users/store.js";
import { ToolSetCache } from "../src/users/tool-set-cache.js";
import { makeHostDir, removeDir } from "./helpers.js";

describe("KeyCache", () => {
  it("forgets the least recently used key past its size", () => {
    const cache = new KeyCache(2);
    cache.remember("a", "alice", cache.epoch);
    cache.remember("b", "bob", cache.epoch);
    expect(cache.get("a")).toBe("alice"); // a is now the most recently used
    cache.remember("c", "carol", cache.epoch);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("alice");
    expect(cache.get("c")).toBe("carol");
  });

  it("forgets a key once it is older than the age limit", () => {
    let now = 1_000;
    const cache = new KeyCache(10, 500, () => now);
    cache.remember("a", "alice", cache.epoch);
    now += 499;
    expect(cache.get("a")).toBe("alice");
    now += 1;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not keep what a lookup read before a clear", () => {
    const cache = new KeyCache();
    const epoch = cache.epoch;
    cache.clear();
    cache.remember("a", "alice", epoch);
    expect(cache.get("a")).toBeUndefined();
    cache.remember("a", "alice", cache.epoch);
    expect(cache.get("a")).toBe("alice");
  });

  it("refuses a size below one", () => {
    expect(() => new KeyCache(0)).toThrow(/at least one key/);
  });
});

describe("ToolSetCache", () => {
  it("answers only what was read since the key cache was last cleared", () => {
    const keys = new KeyCache();
    const cache = new ToolSetCache(keys);
    const epoch = cache.epoch;
    cache.remember("alice", new Set(["google"]), epoch);
    expect(cache.get("alice")).toEqual(new Set(["google"]));
    keys.clear();
    expect(cache.get("alice")).toBeUndefined();
    cache.remember("alice", new Set(["oura"]), epoch); // read before the clear: not kept
    expect(cache.get("alice")).toBeUndefined();
  });

  it("is bounded in size and age", () => {
    let now = 1_000;
    const cache = new ToolSetCache(new KeyCache(), 2, 500, () => now);
    for (const user of ["a", "b", "c"]) cache.remember(user, new Set(), cache.epoch);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toEqual(new Set());
    now += 500;
    expect(cache.get("c")).toBeUndefined();
  });
});

/** Polls `probe` until it returns true; a liveness bound, not a timing assertion. */
async function eventually(probe: () => Promise<boolean>, what: string, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(DATABASES)("API keys cached by two hosts on one %s database", (dialect) => {
  let database: TestDatabase;
  let outsider: Database;
  const hosts: Host[] = [];
  const dirs: string[] = [];
  let a: UserStore;
  let b: UserStore;
  const secretKey = randomBytes(32).toString("hex");

  /** SQL run by someone other than the two hosts, announcing nothing (as a hand-edit of the table would). */
  const sql = (text: string, params: unknown[] = []) => outsider.read((em) => em.getConnection().execute<Record<string, unknown>[]>(text, params, "all"));

  async function startHost(): Promise<UserStore> {
    const dir = await makeHostDir();
    dirs.push(dir);
    const host = await createHost({ dir, env: { AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: secretKey, AGX_LOG_LEVEL: "silent" } });
    hosts.push(host);
    const users = attachUserStore(host);
    await host.start();
    return users;
  }

  /**
   * PostgreSQL hosts cache only once their LISTEN connection is up (opened by their first request). Ready
   * when both keep accepting a throwaway user's key after its row was hand-edited: they answer from memory.
   */
  let probes = 0;
  async function bothCaching(): Promise<void> {
    if (dialect !== "postgresql") return;
    const id = `probe-${++probes}`;
    const key = await a.add(id);
    await eventually(async () => {
      await sql("update agx_users set key_hash = ? where id = ?", [hashKey(key), id]);
      await Promise.all([a.authenticate(key), b.authenticate(key)]);
      await sql("update agx_users set key_hash = ? where id = ?", ["0".repeat(64), id]);
      return (await a.authenticate(key)) === id && (await b.authenticate(key)) === id;
    }, "both hosts listening");
    await sql("delete from agx_users where id = ?", [id]);
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    a = await startHost();
    b = await startHost();
    outsider = openDatabase({ hostDir: database.hostDir, url: database.url });
    await outsider.start([]);
  });

  afterEach(async () => {
    await sql("delete from agx_users");
  });

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.close()));
    await outsider?.stop();
    await database?.drop();
    await Promise.all(dirs.map(removeDir));
  });

  it("answer a known key from memory, and refuse it on both at the very next request once revoked", async () => {
    const key = await a.add("erin");
    expect(await a.authenticate(key)).toBe("erin");
    expect(await b.authenticate(key)).toBe("erin");
    await bothCaching();
    expect(await a.authenticate(key)).toBe("erin");
    expect(await b.authenticate(key)).toBe("erin");

    // A hand-edit announces nothing: a host that still accepts the key answered from memory, not the table.
    await sql("update agx_users set key_hash = ? where id = ?", ["0".repeat(64), "erin"]);
    expect(await a.authenticate(key)).toBe("erin");
    expect(await b.authenticate(key)).toBe("erin");

    await a.revoke("erin");
    expect(await b.authenticate(key)).toBeUndefined();
    expect(await a.authenticate(key)).toBeUndefined();

    // Revoked through the other host: the same, the other way round.
    const second = await b.add("erin");
    expect(await a.authenticate(second)).toBe("erin");
    expect(await b.authenticate(second)).toBe("erin");
    await b.revoke("erin");
    expect(await a.authenticate(second)).toBeUndefined();
    expect(await b.authenticate(second)).toBeUndefined();
    expect(await a.authenticate(key)).toBeUndefined();
  });

  it("check keys that arrive together with one look at the revocations, and still refuse a key revoked just before", async () => {
    const key = await a.add("joy");
    await bothCaching();
    expect(await b.authenticate(key)).toBe("joy");

    const before = b.cacheMark!()!;
    const together = await Promise.all(Array.from({ length: 16 }, () => b.authenticate(key)));
    expect(together).toEqual(Array(16).fill("joy"));
    expect(b.cacheMark!()! - before).toBe(1);

    // Each batch looks again: a revoke committed between two batches is seen by the second, whole.
    await a.revoke("joy");
    const after = await Promise.all(Array.from({ length: 16 }, () => b.authenticate(key)));
    expect(after).toEqual(Array(16).fill(undefined));
    expect(b.cacheMark!()! - before).toBe(2);
  });

  it("never take a bad key for a good one, cached or not", async () => {
    const key = await a.add("fay");
    await bothCaching();
    expect(await b.authenticate(key)).toBe("fay");
    // The same key id with another secret, a truncated key, and a key nobody issued.
    const keyId = /^agx_([0-9a-f]{16})_/.exec(key)![1]!;
    const forged = `agx_${keyId}_${randomBytes(32).toString("base64url")}`;
    for (const bad of [forged, key.slice(0, -1), issueKey().key, `${key} `]) {
      expect(await b.authenticate(bad)).toBeUndefined();
      expect(await b.authenticate(bad)).toBeUndefined();
    }
    // An unknown key refused once is not remembered as refused either: once it exists, it works.
    const late = issueKey();
    expect(await b.authenticate(late.key)).toBeUndefined();
    await sql("insert into agx_users (id, key_id, key_hash, created_at) values (?, ?, ?, ?)", ["gus", late.keyId, hashKey(late.key), new Date()]);
    expect(await b.authenticate(late.key)).toBe("gus");
  });

  it("answer tool sets from memory, and see a change made on either host at the very next lookup", async () => {
    const key = await a.add("ida");
    await bothCaching();
    expect(await b.toolSets.disabledExtensions("ida")).toEqual(new Set());
    // A hand-edit announces nothing: still answered from memory.
    await sql("insert into agx_user_extensions (user_id, extension_id, enabled, updated_at) values (?, ?, ?, ?)", ["ida", "hand", false, new Date()]);
    expect(await b.toolSets.disabledExtensions("ida")).toEqual(new Set());

    await a.toolSets.setEnabled("ida", "oura", false);
    expect(await b.toolSets.disabledExtensions("ida")).toEqual(new Set(["hand", "oura"]));
    expect(await a.toolSets.disabledExtensions("ida")).toEqual(new Set(["hand", "oura"]));

    // A request's lookup relies on its own key check (the mark taken before it) for the freshness it needs...
    const mark = b.cacheMark!();
    expect(await b.authenticate(key)).toBe("ida");
    expect(await b.toolSets.disabledExtensions("ida", mark)).toEqual(new Set(["hand", "oura"]));
    // ...but a mark with no check since checks again: a change made before is seen.
    const stale = b.cacheMark!();
    await a.toolSets.setEnabled("ida", "oura", true);
    expect(await b.toolSets.disabledExtensions("ida", stale)).toEqual(new Set(["hand"]));
    await sql("delete from agx_user_extensions where user_id = ?", ["ida"]);
  });

  if (dialect === "postgresql")
    it("keep refusing revoked keys after their listening connection was cut, and cache again once it is back", async () => {
      const key = await a.add("hal");
      await bothCaching();
      await sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ?", [LISTENER_NAME]);
      // Revoked by hand, with no notice at all: a host that lost its notices must not answer from memory
      // (well before the cache's one-minute age limit would have forgotten the key).
      await sql("update agx_users set revoked_at = ? where id = ?", [new Date(), "hal"]);
      await eventually(async () => (await b.authenticate(key)) === undefined && (await a.authenticate(key)) === undefined, "the cut noticed");
      await sql("update agx_users set revoked_at = null where id = ?", ["hal"]);
      await bothCaching();
      await a.revoke("hal");
      expect(await b.authenticate(key)).toBeUndefined();
      expect(await a.authenticate(key)).toBeUndefined();
    });
});
