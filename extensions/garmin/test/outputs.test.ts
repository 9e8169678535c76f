import { readExtension } from "@agx-ext/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Garmin } from "../src/index.js";
import { DAY, RUN_ID } from "./fixtures.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const commands = readExtension(Garmin)!.commands;
const IMPORT = "Garmin - Import OAuth 1.0a Token";
const READS = commands.map((c) => c.name).filter((name) => name !== IMPORT);

/** The command's declared output schema; parsing must keep `data` as it is (an undeclared key would be stripped). */
function expectDeclaredShape(name: string, data: unknown): void {
  const output = commands.find((c) => c.name === name)?.output;
  expect(output, `${name} declares output`).toBeDefined();
  const parsed = output!.safeParse(data);
  expect(parsed.error?.issues ?? [], `${name} data matches its output schema`).toEqual([]);
  expect(parsed.data).toEqual(data);
}

describe("garmin command metadata", () => {
  it("every command has a title, deliberate hints and an output schema, as the registry publishes them", () => {
    const entries = h.host.runtime.registry.list().filter((e) => e.extensionId === "garmin");
    expect(entries).toHaveLength(9);
    const hints = Object.fromEntries(
      entries.map((e) => [e.name, { mutates: e.mutates, destructive: e.destructive, idempotent: e.idempotent, openWorld: e.openWorld }]),
    );
    const read = { mutates: false, destructive: false, idempotent: true, openWorld: true };
    expect(hints).toEqual({
      ...Object.fromEntries(READS.map((name) => [name, read])),
      // Stores a connection checked with Garmin; never replaces a working OAuth 2.0 one.
      [IMPORT]: { mutates: true, destructive: false, idempotent: true, openWorld: true },
    });
    for (const entry of entries) {
      expect(entry.title, entry.name).toMatch(/Garmin/);
      expect(entry.title, entry.name).not.toBe(entry.name);
      expect(entry.outputSchema, entry.name).toBeDefined();
    }
  });
});

describe("garmin command results match their output schemas", () => {
  it.each(READS)("%s on a day Garmin has data for", async (name) => {
    const result = await h.run(name, { date: DAY });
    expect(result.data).not.toMatchObject({ found: false });
    expectDeclaredShape(name, result.data);
  });

  it.each(READS)("%s on a day Garmin has nothing for", async (name) => {
    const result = await h.run(name, { date: "2026-10-01" });
    expect(result.data).toMatchObject({ date: "2026-10-01", skipped: 0 });
    expectDeclaredShape(name, result.data);
  });

  it("Get GPS Data with an activity_id returns the route in the declared shape", async () => {
    const result = await h.run("Get GPS Data", { date: DAY, activity_id: String(RUN_ID) });
    expect(result.data.track.length).toBeGreaterThan(0);
    expectDeclaredShape("Get GPS Data", result.data);
  });

  it("Get Activity Data with a limit below the day's count", async () => {
    const result = await h.run("Get Activity Data", { date: DAY, limit: 1 });
    expect(result.data.activities).toHaveLength(1);
    expectDeclaredShape("Get Activity Data", result.data);
  });
});
