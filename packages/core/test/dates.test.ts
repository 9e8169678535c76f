import { describe, expect, it } from "vitest";
import { addDays, dateField, daysInMonth, isSupportedDate, isSupportedMonth, monthField, startOfWeek, SUPPORTED_DATES } from "../src/index.js";

describe("supported date range", () => {
  it("accepts real dates from 0001-01-01 to 9998-12-31, including years 0001-0099", () => {
    for (const ok of ["0001-01-01", "0050-02-28", "0099-12-31", "0004-02-29", "2024-02-29", "9998-12-31"]) expect(isSupportedDate(ok), ok).toBe(true);
    // 0100 is not a leap year (a century not divisible by 400).
    for (const bad of [
      "0000-01-01",
      "0000-12-31",
      "9999-01-01",
      "9999-12-31",
      "0100-02-29",
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-1-01",
      "+10000-01-01",
      "",
    ])
      expect(isSupportedDate(bad), bad).toBe(false);
  });

  it("accepts months whose days are all supported, with the same bounds as dates", () => {
    for (const ok of ["0001-01", "0050-02", "9998-12"]) expect(isSupportedMonth(ok), ok).toBe(true);
    for (const bad of ["0000-01", "0000-12", "9999-01", "2024-13", "2024-00", "2024-1", "2024-01-01"]) expect(isSupportedMonth(bad), bad).toBe(false);
  });

  it("keeps every derived date (week end, month end, next day) a four-digit date", () => {
    expect(addDays(SUPPORTED_DATES.last, 6)).toBe("9999-01-06");
    expect(addDays(SUPPORTED_DATES.last, 1)).toBe("9999-01-01");
    expect(startOfWeek(SUPPORTED_DATES.first)).toBe(SUPPORTED_DATES.first);
    expect(startOfWeek("0001-01-07")).toBe("0001-01-01");
    expect(addDays("0050-12-31", 1)).toBe("0051-01-01");
  });

  it("counts the days of months at both ends of the range", () => {
    expect(daysInMonth("0004-02")).toBe(29);
    expect(daysInMonth("0100-02")).toBe(28);
    expect(daysInMonth("0096-02")).toBe(29);
    expect(daysInMonth("0001-12")).toBe(31);
    expect(daysInMonth("9998-02")).toBe(28);
  });

  it("gives zod fields whose errors name the format and the range", () => {
    expect(dateField().safeParse("0050-06-15").success).toBe(true);
    expect(dateField().safeParse("9999-12-31").error?.issues[0]?.message).toBe("expected a real date as YYYY-MM-DD, from 0001-01-01 to 9998-12-31");
    expect(monthField().safeParse("0001-01").success).toBe(true);
    expect(monthField().safeParse("0000-01").error?.issues[0]?.message).toBe("expected a month as YYYY-MM, from 0001-01 to 9998-12");
  });
});
