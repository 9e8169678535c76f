import { describe, expect, it } from "vitest";
import { HealthApi } from "../src/health-api.js";
import { localDayWindow, localIsoOf, splitWindow, startOfLocalDay } from "../src/time-window.js";

describe("local day windows", () => {
  it("starts the day at local midnight, not UTC midnight", () => {
    expect(startOfLocalDay("2026-11-24", "Europe/Berlin")).toBe(Date.UTC(2026, 10, 23, 23) / 1000);
    expect(startOfLocalDay("2026-11-24", "America/Los_Angeles")).toBe(Date.UTC(2026, 10, 24, 8) / 1000);
    expect(startOfLocalDay("2026-11-24", "Asia/Kolkata")).toBe(Date.UTC(2026, 10, 23, 18, 30) / 1000);
    expect(startOfLocalDay("2026-11-24", "UTC")).toBe(Date.UTC(2026, 10, 24) / 1000);
  });

  it("is 25 hours on the day clocks go back and 23 on the day they go forward", () => {
    const fallBack = localDayWindow("2026-11-01", "America/New_York");
    expect(fallBack.end - fallBack.start).toBe(25 * 3600);
    const springForward = localDayWindow("2026-03-29", "Europe/Berlin");
    expect(springForward.end - springForward.start).toBe(23 * 3600);
    expect(springForward.start).toBe(Date.UTC(2026, 2, 28, 23) / 1000);
  });

  it("splits a window into pieces of at most 86400 seconds that cover it exactly", () => {
    const window = localDayWindow("2026-11-01", "America/New_York");
    const pieces = splitWindow(window);
    expect(pieces).toEqual([
      { start: window.start, end: window.start + 86_400 },
      { start: window.start + 86_400, end: window.end },
    ]);
  });

  it("writes Garmin start times in the offset they were recorded with", () => {
    expect(localIsoOf(Date.UTC(2026, 10, 24, 6, 5) / 1000, 3600)).toBe("2026-11-24T07:05:00+01:00");
    expect(localIsoOf(Date.UTC(2026, 10, 24, 6, 5) / 1000, -9000)).toBe("2026-11-24T03:35:00-02:30");
  });
});

describe("upload windows of a day", () => {
  const timeZone = "Europe/Berlin";
  const dayStart = Date.UTC(2026, 10, 23, 23) / 1000;

  it("covers the day and the next one for late syncs, in pieces Garmin accepts", () => {
    const windows = HealthApi.uploadWindows({ date: "2026-11-24", timeZone, now: new Date("2026-11-30T12:00:00Z") });
    expect(windows).toEqual([
      { start: dayStart, end: dayStart + 86_400 },
      { start: dayStart + 86_400, end: dayStart + 2 * 86_400 },
    ]);
  });

  it("stops at now", () => {
    const now = new Date("2026-11-24T09:30:00Z");
    expect(HealthApi.uploadWindows({ date: "2026-11-24", timeZone, now })).toEqual([{ start: dayStart, end: now.getTime() / 1000 }]);
  });

  it("needs three requests when the late-sync span holds a 25-hour day", () => {
    const windows = HealthApi.uploadWindows({ date: "2026-10-31", timeZone: "America/New_York", now: new Date("2026-12-01T00:00:00Z") });
    expect(windows).toHaveLength(3);
    expect(windows.every((w) => w.end - w.start <= 86_400 && w.end > w.start)).toBe(true);
    expect(windows.at(-1)!.end - windows[0]!.start).toBe(49 * 3600);
  });
});
