import { readExtension } from "@agx-ext/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Fitbit } from "../src/index.js";
import { seedHealthData } from "./fixtures.js";
import { startFitbitHarness, type FitbitHarness } from "./harness.js";

let h: FitbitHarness;

beforeAll(async () => {
  h = await startFitbitHarness();
  seedHealthData(h.api.data);
  await h.connect("alice");
});

afterEach(() => {
  h.api.provider.hostile();
});

afterAll(async () => {
  await h?.close();
});

const commands = readExtension(Fitbit)!.commands;
const NAMES = commands.map((c) => c.name);

/** The command's declared output schema; parsing must keep `data` as it is (an undeclared key would be stripped). */
function expectDeclaredShape(name: string, data: unknown): void {
  const output = commands.find((c) => c.name === name)?.output;
  expect(output, `${name} declares output`).toBeDefined();
  const parsed = output!.safeParse(data);
  expect(parsed.error?.issues ?? [], `${name} data matches its output schema`).toEqual([]);
  expect(parsed.data).toEqual(data);
}

describe("fitbit command metadata", () => {
  it("every command has a title, deliberate hints and an output schema, as the registry publishes them", () => {
    const entries = h.host.runtime.registry.list().filter((e) => e.extensionId === "fitbit");
    expect(entries.map((e) => e.name).sort()).toEqual([...NAMES].sort());
    expect(entries).toHaveLength(8);
    for (const entry of entries) {
      expect(entry.title, entry.name).toMatch(/^Fitbit /);
      expect(entry.outputSchema, entry.name).toMatchObject({ type: "object" });
      // Every command only reads the Google Health API, with read-only scopes.
      expect({ mutates: entry.mutates, destructive: entry.destructive, idempotent: entry.idempotent, openWorld: entry.openWorld }, entry.name).toEqual({
        mutates: false,
        destructive: false,
        idempotent: true,
        openWorld: true,
      });
    }
  });
});

describe("fitbit command results match their output schemas", () => {
  it.each(NAMES)("%s on a day with data", async (name) => {
    const result = await h.host.execute(name, { date: "2026-11-24" });
    expectDeclaredShape(name, result.data);
  });

  it.each(NAMES)("%s on a day without data", async (name) => {
    const result = await h.host.execute(name, { date: "2026-10-01" });
    expect(result.data).toMatchObject({ date: "2026-10-01", skipped: 0 });
    expectDeclaredShape(name, result.data);
  });

  it.each(NAMES)("%s with malformed data points left out", async (name) => {
    h.api.provider.hostile({ malformedItems: "dataPoints" });
    const listed = await h.host.execute(name, {});
    h.api.provider.hostile({ malformedItems: "rollupDataPoints" });
    const rolledUp = await h.host.execute(name, {});
    expect((listed.data as { skipped: number }).skipped + (rolledUp.data as { skipped: number }).skipped).toBeGreaterThan(0);
    expectDeclaredShape(name, listed.data);
    expectDeclaredShape(name, rolledUp.data);
  });
});
