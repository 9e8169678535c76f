import { describe, expect, it } from "vitest";
import { collectPages, CommandError, keepValid, z, type Page } from "../src/index.js";

/** A provider whose pages are listed in order; each page names the next by its index. */
function pagesOf(pages: Array<Page<number>>) {
  const asked: Array<string | undefined> = [];
  const fetchPage = async (token: string | undefined) => {
    asked.push(token);
    return pages[token === undefined ? 0 : Number(token)]!;
  };
  return { asked, fetchPage };
}

describe("collectPages", () => {
  it("follows next tokens until the provider gives none", async () => {
    const { asked, fetchPage } = pagesOf([
      { items: [1, 2], next: "1" },
      { items: [3], next: "2" },
      { items: [4], next: null },
    ]);
    await expect(collectPages(fetchPage, { provider: "Fake", maxPages: 10 })).resolves.toEqual({ items: [1, 2, 3, 4], truncated: false, pages: 3 });
    expect(asked).toEqual([undefined, "1", "2"]);
  });

  it("treats an empty token as the end", async () => {
    const { fetchPage } = pagesOf([{ items: [1], next: "" }]);
    await expect(collectPages(fetchPage, { provider: "Fake", maxPages: 3 })).resolves.toMatchObject({ items: [1], pages: 1 });
  });

  it("stops with PROVIDER_ERROR when a token comes back that was already followed", async () => {
    let calls = 0;
    const fetchPage = async () => {
      calls++;
      return { items: [calls], next: calls % 2 === 0 ? "a" : "b" };
    };
    const failure = await collectPages(fetchPage, { provider: "Fake Health", maxPages: 100 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CommandError);
    expect(failure).toMatchObject({ code: "PROVIDER_ERROR" });
    expect((failure as Error).message).toContain("Fake Health returned the same page token twice");
    expect(calls).toBe(3);
  });

  it("stops with PROVIDER_ERROR when the provider repeats the token it was just asked for", async () => {
    let calls = 0;
    const fetchPage = async () => ({ items: [++calls], next: "same" });
    await expect(collectPages(fetchPage, { provider: "Fake", maxPages: 100 })).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(calls).toBe(2);
  });

  it("stops at the page cap and says the listing was cut short", async () => {
    let calls = 0;
    const fetchPage = async () => ({ items: [++calls], next: `t${calls}` });
    await expect(collectPages(fetchPage, { provider: "Fake", maxPages: 4 })).resolves.toEqual({ items: [1, 2, 3, 4], truncated: true, pages: 4 });
    expect(calls).toBe(4);
  });

  it("refuses a cap that is not a positive integer", async () => {
    await expect(collectPages(async () => ({ items: [] }), { provider: "Fake", maxPages: 0 })).rejects.toThrow(RangeError);
  });
});

describe("keepValid", () => {
  const sample = z.object({ timestamp: z.iso.datetime({ offset: true }), bpm: z.number().int().positive() });

  it("keeps the items that match, parsed, and counts the rest", () => {
    const items = [
      { timestamp: "2026-11-24T10:00:00+00:00", bpm: 61 },
      null,
      "garbage",
      {},
      { timestamp: "not a time", bpm: 60 },
      { timestamp: "2026-11-24T10:05:00+00:00", bpm: "60" },
      { timestamp: "2026-11-24T10:10:00+00:00", bpm: 64, extra: true },
    ];
    expect(keepValid(items, sample)).toEqual({
      items: [
        { timestamp: "2026-11-24T10:00:00+00:00", bpm: 61 },
        { timestamp: "2026-11-24T10:10:00+00:00", bpm: 64 },
      ],
      skipped: 5,
    });
  });

  it("counts a value that is not a list as one bad item, and a missing one as none", () => {
    expect(keepValid({ data: [] }, sample)).toEqual({ items: [], skipped: 1 });
    expect(keepValid(undefined, sample)).toEqual({ items: [], skipped: 0 });
    expect(keepValid(null, sample)).toEqual({ items: [], skipped: 0 });
  });
});
