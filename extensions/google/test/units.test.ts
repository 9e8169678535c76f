import { formatInZone, readExtension, zonedToInstant } from "@agx-ext/core";
import { toolName } from "@agx-ext/core/host";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { freeSlots } from "../src/calendar/free-slots.js";
import { buildMime, encodeWord } from "../src/gmail/mime.js";
import { Google } from "../src/index.js";

const NAMES = [
  "Google - Get Emails",
  "Google - Send Email",
  "Google - Move Email to Folder",
  "Google - Create Draft Email",
  "Google - Delete Email",
  "Google - Search Emails",
  "Google - Reply to Email",
  "Google - Process Attachments",
  "Google - Get Calendar Items",
  "Google - Get Available Timeslots",
  "Google - Add Calendar Item",
  "Google - Modify Calendar Item",
  "Google - Remove Calendar Item",
  "Google - Get Keep Notes",
  "Google - Create Keep Note",
  "Google - Delete Keep Note",
  "Google Ads - Get Accounts",
  "Google Ads - Create Campaign",
  "Google Ads - Get Campaigns",
  "Google Ads - Update Campaign",
  "Google Ads - Create Ad Group",
  "Google Ads - Get Ad Groups",
  "Google Ads - Create Ad",
  "Google Ads - Get Performance",
  "Google Ads - Manage Keywords",
  "Google Ads - Create Audience",
  "Google Analytics - Get Properties",
  "Google Analytics - Get Reports",
  "Google Analytics - Get Real Time Data",
  "Google Analytics - Get Audiences",
  "Google Analytics - Create Custom Dimension",
  "GTM - Get Containers",
  "GTM - Create Tag",
  "GTM - Update Tag",
  "GTM - Create Trigger",
  "GTM - Create Variable",
  "GTM - Publish Container",
];

describe("the extension declaration", () => {
  it("registers the original's 37 command names, with unique tool names", () => {
    const def = readExtension(Google)!;
    expect(def.commands.map((c) => c.name).sort()).toEqual([...NAMES].sort());
    expect(new Set(def.commands.map((c) => toolName(def.id, c.name))).size).toBe(37);
  });

  it("asks Google for offline access and incremental authorization", () => {
    const auth = readExtension(Google)!.auth as unknown as { extraAuthorizeParams: Record<string, string>; scopeGroups: Record<string, string[]> };
    expect(auth.extraAuthorizeParams).toMatchObject({ access_type: "offline", include_granted_scopes: "true" });
    expect(Object.keys(auth.scopeGroups).sort()).toEqual(["ads", "analytics", "calendar", "gmail", "keep", "tagmanager"]);
  });
});

describe("time zones", () => {
  it("maps wall-clock times to instants across daylight-saving changes", () => {
    expect(zonedToInstant("2026-03-28T12:00", "Europe/Berlin").toISOString()).toBe("2026-03-28T11:00:00.000Z");
    expect(zonedToInstant("2026-03-29T12:00", "Europe/Berlin").toISOString()).toBe("2026-03-29T10:00:00.000Z");
    expect(formatInZone(new Date("2026-07-01T12:00:00Z"), "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
  });

  it("keeps working hours in local time on the day the clocks change", () => {
    const slots = freeSlots(
      {
        startDate: "2026-10-25",
        numDays: 1,
        workDayStart: "09:00",
        workDayEnd: "10:00",
        durationMinutes: 60,
        bufferMinutes: 0,
        includeWeekends: true,
        timeZone: "Europe/Berlin",
      },
      [],
    );
    expect(slots.map((s) => formatInZone(s.start, "Europe/Berlin"))).toEqual(["2026-10-25T09:00:00+01:00"]);
  });
});

describe("MIME", () => {
  it("splits long UTF-8 subjects into encoded-words a parser joins back", async () => {
    const subject = "😀".repeat(40) + " ünïcödé";
    const encoded = encodeWord(subject);
    expect(encoded.split("\r\n ").every((word) => word.length <= 75)).toBe(true);
    const parsed = await simpleParser(buildMime({ to: ["a@example.test"], subject, text: "x" }));
    expect(parsed.subject).toBe(subject);
  });

  it("cannot be tricked into extra headers by line breaks in a subject or display name", async () => {
    const raw = buildMime({ to: ["Eve\r\nBcc: spy@example.test <eve@example.test>"], subject: "Hi\r\nBcc: spy@example.test", text: "x" });
    expect(raw).not.toMatch(/^Bcc:/m);
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe("Hi\r\nBcc: spy@example.test");
  });

  it("leaves plain ASCII subjects readable", () => {
    expect(encodeWord("Hello there")).toBe("Hello there");
  });
});
