import { afterEach, describe, expect, it } from "vitest";
import { main } from "../src/cli/index.js";
import { removeDir } from "./helpers.js";
import { eventsHostDir, WEBHOOK_SECRET } from "./events-support.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("agx triggers, agx subscriptions, agx events", () => {
  it("lists triggers from manifests, adds, lists and removes a user's subscriptions, and lists failed deliveries", { timeout: 60_000 }, async () => {
    const dir = await eventsHostDir();
    cleanups.push(() => removeDir(dir));
    const env = { AGX_LOG_LEVEL: "silent", AGX_WEBHOOK_SECRET: WEBHOOK_SECRET };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const agx = (...argv: string[]) => main(argv, io, { dir, env });

    expect(await agx("triggers", "--json")).toBe(0);
    expect(JSON.parse(out.pop()!).map((t: { qualifiedName: string; kind: string }) => [t.qualifiedName, t.kind])).toEqual([
      ["signals/Signal Pushed", "webhook"],
      ["signals/Signal Raised", "poll"],
      ["workout-tracker/Daily Goal Met", "poll"],
    ]);
    expect(await agx("users", "add", "alice")).toBe(0);
    out.length = 0;
    expect(
      await agx(
        "subscriptions",
        "add",
        "workout-tracker/Daily Goal Met",
        "--url",
        "https://example.com/in",
        "--filter",
        '{"exercise_name":"curls"}',
        "--user",
        "alice",
        "--json",
      ),
    ).toBe(0);
    const made = JSON.parse(out.pop()!);
    expect(made).toMatchObject({ trigger: "workout-tracker/Daily Goal Met", deliver: { url: "https://example.com/in" }, filter: { exercise_name: "curls" } });
    expect(await agx("subscriptions", "add", "workout-tracker/Daily Goal Met", "--url", "https://example.com/in", "--mcp", "--user", "alice")).toBe(2);
    expect(await agx("subscriptions", "add", "workout-tracker/Daily Goal Mett", "--mcp", "--user", "alice")).toBe(1);
    expect(err.pop()).toContain('Did you mean: "workout-tracker/Daily Goal Met"');
    expect(await agx("subscriptions", "list", "--user", "alice")).toBe(0);
    expect(out.pop()).toContain(made.id);
    expect(await agx("subscriptions", "remove", made.id, "--user", "bob")).toBe(1); // bob has no such subscription (nor exists)
    expect(await agx("subscriptions", "remove", made.id, "--user", "alice")).toBe(0);
    expect(await agx("subscriptions", "list", "--user", "alice", "--json")).toBe(0);
    expect(JSON.parse(out.pop()!)).toEqual([]);
    expect(await agx("events", "failed")).toBe(0);
    expect(out.pop()).toBe("No failed deliveries.");
    expect(await agx("events", "replay", "dlv_nope")).toBe(1);
    expect(err.pop()).toContain('No delivery "dlv_nope"');
  });
});
