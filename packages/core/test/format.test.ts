import { describe, expect, it } from "vitest";
import { formatCount, formatDecimal, formatDuration, minutesFromSeconds, percentOf, roundTo } from "../src/index.js";

describe("formatCount", () => {
  it("groups thousands the en-US way and drops fractions", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(8412)).toBe("8,412");
    expect(formatCount(1_234_567)).toBe("1,234,567");
    expect(formatCount(1234.5)).toBe("1,235");
    expect(formatCount(-2500)).toBe("-2,500");
  });
});

describe("formatDecimal", () => {
  it("keeps at most the digits asked for and no trailing zeros", () => {
    expect(formatDecimal(71.25, 1)).toBe("71.3");
    expect(formatDecimal(70, 1)).toBe("70");
    expect(formatDecimal(1234.5678, 2)).toBe("1,234.57");
    expect(formatDecimal(0.1, 2)).toBe("0.1");
    expect(formatDecimal(2.5, 0)).toBe("3");
  });
});

describe("formatDuration", () => {
  it("writes minutes as hours and minutes", () => {
    expect(formatDuration(432)).toBe("7h 12m");
    expect(formatDuration(45)).toBe("45m");
    expect(formatDuration(0)).toBe("0m");
    expect(formatDuration(60)).toBe("1h 0m");
    expect(formatDuration(1500)).toBe("25h 0m");
  });

  it("rounds to the minute before splitting, so no minute count reaches 60", () => {
    expect(formatDuration(119.6)).toBe("2h 0m");
    expect(formatDuration(59.5)).toBe("1h 0m");
    expect(formatDuration(12.4)).toBe("12m");
  });
});

describe("minutesFromSeconds", () => {
  it("rounds to whole minutes, half up", () => {
    expect(minutesFromSeconds(1830)).toBe(31);
    expect(minutesFromSeconds(1829)).toBe(30);
    expect(minutesFromSeconds(89)).toBe(1);
    expect(minutesFromSeconds(29)).toBe(0);
  });

  it("keeps a missing value missing", () => {
    expect(minutesFromSeconds(null)).toBeNull();
    expect(minutesFromSeconds(undefined)).toBeNull();
  });
});

describe("roundTo and percentOf", () => {
  it("rounds to decimal places", () => {
    expect(roundTo(71.25, 1)).toBe(71.3);
    expect(roundTo(8.4127, 2)).toBe(8.41);
    expect(roundTo(2.5, 0)).toBe(3);
  });

  it("gives a share in percent, or null without a whole", () => {
    expect(percentOf(7, 8)).toBe(88);
    expect(percentOf(8412, 10_000, 1)).toBe(84.1);
    expect(percentOf(12_000, 10_000, 1)).toBe(120);
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(5, undefined)).toBeNull();
  });
});
