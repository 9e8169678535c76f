import { readExtension } from "@agx-ext/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Oura } from "../src/index.js";
import { seedOuraData } from "./fixtures.js";
import { startOuraHarness, type OuraHarness } from "./harness.js";

let h: OuraHarness;

beforeAll(async () => {
  h = await startOuraHarness();
  seedOuraData(h.api);
  await h.connect("alice");
});

afterAll(async () => {
  await h?.close();
});

const commands = readExtension(Oura)!.commands;

/** The command's declared output schema; parsing must keep `data` as it is (an undeclared key would be stripped). */
function expectDeclaredShape(name: string, data: unknown): void {
  const output = commands.find((c) => c.name === name)?.output;
  expect(output, `${name} declares output`).toBeDefined();
  const parsed = output!.safeParse(data);
  expect(parsed.error?.issues ?? [], `${name} data matches its output schema`).toEqual([]);
  expect(parsed.data).toEqual(data);
}

describe("oura command metadata", () => {
  it("every command has a title, deliberate hints and an output schema, as the registry publishes them", () => {
    const entries = h.host.runtime.registry.list().filter((e) => e.extensionId === "oura");
    expect(entries.map((e) => e.name).sort()).toEqual(commands.map((c) => c.name).sort());
    for (const entry of entries) {
      expect(entry.title, entry.name).toMatch(/^Oura /);
      expect(entry.outputSchema, entry.name).toMatchObject({ type: "object" });
      // Every command only reads Oura's API.
      expect({ mutates: entry.mutates, destructive: entry.destructive, idempotent: entry.idempotent, openWorld: entry.openWorld }, entry.name).toEqual({
        mutates: false,
        destructive: false,
        idempotent: true,
        openWorld: true,
      });
    }
  });
});

describe("oura command results match their output schemas", () => {
  const range = { start_date: "2026-11-20", end_date: "2026-11-24" };
  const empty = { start_date: "2026-01-01", end_date: "2026-01-03" };
  const cases: Array<[string, Record<string, unknown>]> = [
    ["Get Oura Ring Data", {}],
    ["Get Oura Ring Data", empty],
    ["Get Oura Sleep", range],
    ["Get Oura Sleep", empty],
    ["Get Oura Readiness", range],
    ["Get Oura Activity", range],
    ["Get Oura Heart Rate", { start_date: "2026-11-23", end_date: "2026-11-24" }],
    ["Get Oura Heart Rate", { start_date: "2026-11-23", end_date: "2026-11-24", include_samples: true }],
    ["Get Oura Workouts", range],
    ["Get Oura Workouts", empty],
  ];

  it.each(cases)("%s %j", async (name, input) => {
    const result = await h.host.execute(name, input);
    expectDeclaredShape(name, result.data);
  });

  it("a summary part that failed has the declared error shape", async () => {
    h.api.provider.fault({ path: "/v2/usercollection/workout", status: 403, json: { detail: "Access forbidden." } });
    h.api.provider.fault({ path: "/v2/usercollection/personal_info", status: 403, json: { detail: "Access forbidden." } });
    const result = await h.host.execute("Get Oura Ring Data", range);
    const data = result.data as { workouts: { error?: unknown }; personalInfo: { error?: unknown } };
    expect(data.workouts.error).toMatchObject({ code: "UNAUTHORIZED", status: 403 });
    expect(data.personalInfo.error).toMatchObject({ code: "UNAUTHORIZED" });
    expectDeclaredShape("Get Oura Ring Data", result.data);
  });

  it("a result with skipped documents is declared", async () => {
    const seeded = h.api.documents.workout;
    h.api.documents.workout = [...(seeded ?? []), { id: "bad", day: "2026-11-23", activity: 7 }];
    h.api.pageSize = 1;
    try {
      const result = await h.host.execute("Get Oura Workouts", range);
      expect(result.data).toMatchObject({ skipped: 1 });
      expectDeclaredShape("Get Oura Workouts", result.data);
    } finally {
      h.api.pageSize = 50;
      h.api.documents.workout = seeded;
    }
  });
});
