import { describe, expect, it } from "vitest";
import {
  addDays,
  dateRange,
  daysInMonth,
  isSupportedDate,
  monthField,
  secret,
  startOfWeek,
  todayIn,
  readExtension,
  Extension,
  Command,
  z,
} from "../src/index.js";
import { isSecretSchema, toolName, validateExtension } from "../src/host.js";

describe("dates", () => {
  it("knows real calendar dates", () => {
    expect(isSupportedDate("2024-02-29")).toBe(true);
    expect(isSupportedDate("2023-02-29")).toBe(false);
    expect(isSupportedDate("2026-13-01")).toBe(false);
    expect(isSupportedDate("2026-1-01")).toBe(false);
    expect(monthField().safeParse("2026-12").success).toBe(true);
    expect(monthField().safeParse("2026-13").success).toBe(false);
  });

  it("does week and month arithmetic across boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(startOfWeek("2026-03-01")).toBe("2026-02-23"); // a Sunday belongs to the week from Monday 23 Feb
    expect(startOfWeek("2026-11-23")).toBe("2026-11-23");
    expect(daysInMonth("2024-02")).toBe(29);
    expect(dateRange("2026-01-30", "2026-02-02")).toEqual(["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]);
  });

  it("computes today in a time zone", () => {
    const instant = new Date("2026-06-30T23:30:00Z");
    expect(todayIn("UTC", instant)).toBe("2026-06-30");
    expect(todayIn("Europe/Berlin", instant)).toBe("2026-07-01");
    expect(todayIn("America/Los_Angeles", instant)).toBe("2026-06-30");
  });
});

describe("schemas", () => {
  it("marks secrets through wrappers", () => {
    expect(isSecretSchema(secret(z.string()))).toBe(true);
    expect(isSecretSchema(secret(z.string()).optional())).toBe(true);
    expect(isSecretSchema(z.string().describe("plain"))).toBe(false);
  });

  it("rejects an input schema that has no JSON Schema form", () => {
    @Extension({ id: "bad-schema", name: "Bad", description: "x" })
    class Bad {
      @Command({ name: "Use Date", description: "x", input: z.object({ when: z.date() }) })
      async run() {
        return { data: null };
      }
    }
    expect(validateExtension(readExtension(Bad)!).join()).toMatch(/cannot be described as JSON Schema/);
  });

  it("rejects bad ids and extensions without commands", () => {
    @Extension({ id: "Bad Id", name: "Bad", description: "x" })
    class NoCommands {}
    const problems = validateExtension(readExtension(NoCommands)!);
    expect(problems).toContain('extension id "Bad Id" must be lower-case letters, digits and dashes');
    expect(problems).toContain("extension declares no commands");
  });
});

describe("toolName", () => {
  it("is MCP-valid, stable, and does not repeat the extension", () => {
    expect(toolName("tesla", "Tesla - Honk Horn")).toBe("tesla_honk_horn");
    expect(toolName("fitbit", "Get Steps")).toBe("fitbit_get_steps");
    expect(toolName("workout-tracker", "Set Daily Goal")).toBe("workout_tracker_set_daily_goal");
    const long = toolName("x", "A".repeat(100));
    expect(long).toMatch(/^[a-z0-9_]{1,64}$/);
    expect(long).toBe(toolName("x", "A".repeat(100)));
    expect(long).not.toBe(toolName("x", "A".repeat(101)));
  });
});

describe("zoned time", () => {
  it("turns wall-clock times into instants across DST changes", async () => {
    const { zonedToInstant, startOfDayIn, formatInZone, zoneOffsetMinutes } = await import("../src/index.js");
    expect(zonedToInstant("2026-03-28T12:00", "Europe/Berlin").toISOString()).toBe("2026-03-28T11:00:00.000Z");
    expect(zonedToInstant("2026-03-29T12:00", "Europe/Berlin").toISOString()).toBe("2026-03-29T10:00:00.000Z");
    // The day DST starts is 23 hours long; its midnight still has the winter offset.
    expect(startOfDayIn("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDayIn("2026-03-30", "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfDayIn("2026-11-24", "Asia/Kolkata").toISOString()).toBe("2026-11-23T18:30:00.000Z");
    expect(formatInZone(new Date("2026-07-01T12:00:00Z"), "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
    expect(formatInZone(startOfDayIn("2026-03-29", "Europe/Berlin"), "Europe/Berlin")).toBe("2026-03-29T00:00:00+01:00");
    expect(zoneOffsetMinutes("Asia/Kolkata", new Date())).toBe(330);
  });

  it("keeps years 0001-0099 (Date.UTC would read them as 1901-1999)", async () => {
    const { zonedToInstant, startOfDayIn, zoneOffsetMinutes } = await import("../src/index.js");
    expect(zonedToInstant("0050-06-15T12:00", "UTC").toISOString()).toBe("0050-06-15T12:00:00.000Z");
    expect(startOfDayIn("0001-01-01", "UTC").toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(zoneOffsetMinutes("UTC", new Date("0099-12-31T23:00:00Z"))).toBe(0);
  });
});

describe("JSON Schema descriptions", () => {
  it("hands each caller its own copy of a schema's description, so a change by one never reaches the next", async () => {
    const { toJsonSchema, toOutputJsonSchema } = await import("../src/host.js");
    const input = z.object({ name: z.string(), reps: z.number().int().default(1) });
    const first = toJsonSchema(input);
    (first.properties as Record<string, unknown>).injected = { type: "string" };
    const second = toJsonSchema(input);
    expect(second).not.toBe(first);
    expect(Object.keys(second.properties as object)).toEqual(["name", "reps"]);
    // The same schema described for the other direction is its own description: a default makes a field
    // optional for a caller and always present in what a command returns.
    expect(toJsonSchema(input).required).toEqual(["name"]);
    expect(toOutputJsonSchema(input).required).toEqual(["name", "reps"]);
  });
});
