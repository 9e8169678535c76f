import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { attachCallLog } from "../src/activity/attach.js";
import { CallLog } from "../src/activity/call-log.js";
import { createHost, type Host } from "../src/host.js";
import { makeHostDir, removeDir } from "./helpers.js";

describe.each(DATABASES)("the call log on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  const hosts: Host[] = [];
  const secretKey = randomBytes(32).toString("hex");

  async function startHost(): Promise<{ host: Host; log: ReturnType<typeof attachCallLog> }> {
    const host = await createHost({
      dir: dir!,
      env: { AGX_DATABASE_URL: database!.url, AGX_SECRET_KEY: secretKey, AGX_LOG_LEVEL: "silent" },
    });
    hosts.push(host);
    const log = attachCallLog(host);
    await host.start();
    return { host, log };
  }

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.close()));
    await database?.drop();
    if (dir) await removeDir(dir);
  });

  it("writes every recorded call, full batches and the pending rest, by the time the host has stopped", async () => {
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
    const first = await startHost();
    const startedAt = new Date("2026-03-01T10:00:00.123Z");
    // More than one batch (200): the first is written at once, the rest waits for its timer or the stop.
    for (let i = 0; i < 250; i++)
      first.log.record({
        userId: i % 2 ? "alice" : "bob",
        command: `echo/Call ${i}`,
        startedAt,
        durationMs: i + 0.4,
        outcome: i === 8 ? "RATE_LIMITED" : "ok",
      });
    await first.host.close();

    // A second host on the same database reads what the first one wrote before it stopped.
    const second = await startHost();
    const alice = await second.log.recent("alice", 500);
    const bob = await second.log.recent("bob", 500);
    expect(alice).toHaveLength(125);
    expect(bob).toHaveLength(125);
    expect(bob.find((c) => c.command === "echo/Call 8")).toEqual({ userId: "bob", command: "echo/Call 8", startedAt, durationMs: 8, outcome: "RATE_LIMITED" });
    expect(alice.find((c) => c.command === "echo/Call 249")).toEqual({ userId: "alice", command: "echo/Call 249", startedAt, durationMs: 249, outcome: "ok" });
  });

  it("writes full batches at once and the rest within its flush time, never a dozen rows at a time", async () => {
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
    const { host } = await startHost();
    const log = new CallLog(host.services.database, host.environment.logger, { enabled: true, batchSize: 10, flushMs: 1000 });
    const record = (i: number) => log.record({ userId: "carol", command: `echo/Call ${i}`, startedAt: new Date(), durationMs: 1, outcome: "ok" });
    for (let i = 0; i < 25; i++) record(i);
    // Two full batches go out at once; the five left wait for the flush time.
    await vi.waitFor(async () => expect(await log.recent("carol", 500)).toHaveLength(20), { timeout: 300, interval: 20 });
    expect(await log.recent("carol", 500)).toHaveLength(20);
    await vi.waitFor(async () => expect(await log.recent("carol", 500)).toHaveLength(25), { timeout: 4000, interval: 50 });
    // Three more: not a full batch, so they too wait for the flush time rather than go out after the last write.
    for (let i = 25; i < 28; i++) record(i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await log.recent("carol", 500)).toHaveLength(25);
    await log.flush();
    expect(await log.recent("carol", 500)).toHaveLength(28);
  });
});
