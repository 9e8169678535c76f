/**
 * Every Google command run successfully against the fake Google APIs, its `data` checked against the output
 * schema it declares; and the declarations themselves: a title and an output schema on every command, and
 * hints that agree with each other and with the README's command tables.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readExtension, type z } from "@agx-ext/core";
import { type CommandEntry } from "@agx-ext/core/host";
import { Google } from "../src/index.js";
import { PRODUCTS, type Product } from "../src/shared/products.js";
import { startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;
const outputs = new Map(readExtension(Google)!.commands.map((c) => [c.name, c.output as z.ZodType | undefined]));

beforeAll(async () => {
  h = await startGoogleHarness();
  // Keep included: a bare connect leaves it out.
  await h.connect("alice", Object.keys(PRODUCTS) as Product[]);
});
afterAll(() => h.close());

const ws = { account_id: "6000001", container_id: "9000001", workspace_id: "5" };

/** What earlier steps produced, for the steps that act on it. */
const made: Record<string, string> = {};
const field = (data: unknown, ...path: string[]) => String(path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], data));

/** In order: creates come before the changes and deletes that use what they made. */
const steps: Array<[command: string, input: () => unknown, keep?: (data: unknown) => void]> = [
  ["Google - Get Emails", () => ({})],
  ["Google - Search Emails", () => ({ query: "has:attachment" })],
  ["Google - Process Attachments", () => ({ message_id: made.withAttachments })],
  ["Google - Send Email", () => ({ to: "Ana <ana@example.test>", subject: "Grüße", message_text: "Hi", cc: ["bob@example.test"] })],
  ["Google - Create Draft Email", () => ({ recipient: "ana@example.test", subject: "Later", body: "Draft" })],
  ["Google - Reply to Email", () => ({ message_id: made.plain, body: "Thanks!" })],
  ["Google - Move Email to Folder", () => ({ message_id: made.plain, folder_name: "Receipts" })],
  ["Google - Delete Email", () => ({ message_id: made.plain })],

  [
    "Google - Add Calendar Item",
    () => ({ subject: "Dentist", start_time: "2026-11-26T14:00", end_time: "2026-11-26T15:00", attendees: "ana@example.test" }),
    (d) => (made.event = field(d, "event_id")),
  ],
  ["Google - Get Calendar Items", () => ({ start_date: "2026-11-24", end_date: "2026-11-30" })],
  ["Google - Get Available Timeslots", () => ({ start_date: "2026-11-26", num_days: 2 })],
  ["Google - Modify Calendar Item", () => ({ event_id: made.event, subject: "Dentist (moved)", start_time: "2026-11-27T10:00", end_time: "2026-11-27T10:30" })],
  ["Google - Remove Calendar Item", () => ({ item_id: made.event })],

  ["Google - Create Keep Note", () => ({ title: "Groceries", content: "Milk" }), (d) => (made.note = field(d, "note", "id"))],
  ["Google - Get Keep Notes", () => ({ include_trashed: true })],
  ["Google - Delete Keep Note", () => ({ note_id: made.note })],

  ["Google Ads - Get Accounts", () => ({})],
  ["Google Ads - Create Campaign", () => ({ name: "Winter sale", budget_amount: 25.5 })],
  ["Google Ads - Get Campaigns", () => ({})],
  ["Google Ads - Update Campaign", () => ({ campaign_id: "111", name: "Brand 2026", status: "PAUSED" })],
  ["Google Ads - Create Ad Group", () => ({ campaign_id: "111", name: "Boots" })],
  ["Google Ads - Get Ad Groups", () => ({ campaign_id: "111" })],
  [
    "Google Ads - Create Ad",
    () => ({
      ad_group_id: "222",
      headlines: ["Warm boots", "Free returns", "Order today"],
      descriptions: ["On sale.", "Fast."],
      final_urls: ["https://shop.example.test/boots"],
    }),
  ],
  ["Google Ads - Get Performance", () => ({ date_range: "LAST_30_DAYS" })],
  ["Google Ads - Manage Keywords", () => ({ ad_group_id: "222", keywords: [{ text: "winter boots", match_type: "PHRASE" }] })],
  [
    "Google Ads - Create Audience",
    () => ({
      name: "Newsletter",
      members: [{ email: "jane@example.test" }, { phone: "+14155550123" }],
      consent: { ad_user_data: "GRANTED", ad_personalization: "DENIED" },
    }),
  ],

  ["Google Analytics - Get Properties", () => ({})],
  ["Google Analytics - Get Reports", () => ({ property_id: "123456" })],
  ["Google Analytics - Get Real Time Data", () => ({ property_id: "123456" })],
  ["Google Analytics - Get Audiences", () => ({ property_id: "123456" })],
  ["Google Analytics - Create Custom Dimension", () => ({ property_id: "123456", display_name: "Plan Tier" })],

  ["GTM - Get Containers", () => ({})],
  ["GTM - Create Trigger", () => ({ ...ws, name: "All pages", type: "pageview" }), (d) => (made.trigger = field(d, "triggerId"))],
  ["GTM - Create Variable", () => ({ ...ws, name: "Plan", type: "v", parameter: [{ type: "template", key: "name", value: "plan" }] })],
  [
    "GTM - Create Tag",
    () => ({ ...ws, name: "Pixel", type: "html", parameter: [{ type: "template", key: "html", value: "<b>x</b>" }], firing_trigger_id: [made.trigger] }),
    (d) => (made.tag = field(d, "tagId")),
  ],
  ["GTM - Update Tag", () => ({ ...ws, tag_id: made.tag, name: "Pixel v2", paused: true })],
  ["GTM - Publish Container", () => ({ ...ws, version_name: "Release 1" })],
];

describe("every command's data matches its declared output schema", () => {
  beforeAll(() => {
    made.withAttachments = h.gmail.seed({
      from: "Ana <ana@example.test>",
      to: "me@example.test",
      subject: "Invoice",
      text: "See attached",
      attachments: [
        { filename: "notes.txt", mimeType: "text/plain", content: Buffer.from("plain notes") },
        { filename: "invoice.pdf", mimeType: "application/pdf", content: Buffer.from("%PDF-1.4") },
      ],
    });
    made.plain = h.gmail.seed({ from: "shop@example.test", to: "me@example.test", subject: "Receipt", text: "Thanks" });
  });

  it("covers every registered command", () => {
    expect(steps.map(([command]) => command).sort()).toEqual(
      h.host.runtime.registry
        .list()
        .map((c) => c.name)
        .sort(),
    );
  });

  it.each(steps)("%s", async (command, input, keep) => {
    const result = await h.run(command, input());
    const schema = outputs.get(command)!;
    // As returned in process, and as a client receives it (JSON drops undefined fields).
    expect(schema.safeParse(result.data).error?.issues ?? []).toEqual([]);
    expect(schema.safeParse(JSON.parse(JSON.stringify(result.data))).error?.issues ?? []).toEqual([]);
    keep?.(result.data);
  });

  it("a schema refuses data of another shape (the check above can fail)", () => {
    const schema = outputs.get("Google - Delete Keep Note")!;
    expect(schema.safeParse({ deleted: true, id: "notes/1" }).success).toBe(true);
    expect(schema.safeParse({ deleted: true }).success).toBe(false);
    expect(schema.safeParse({ deleted: true, id: "notes/1", extra: 1 }).success).toBe(false);
  });
});

describe("declarations", () => {
  const commands = (): CommandEntry[] => h.host.runtime.registry.list();

  it("every command has its own title and an output schema", () => {
    expect(commands()).toHaveLength(37);
    for (const command of commands()) {
      expect(command.title, command.name).not.toBe(command.name);
      expect(command.title.trim(), command.name).not.toBe("");
      expect(command.outputSchema, command.name).toMatchObject({ type: "object" });
      expect(outputs.get(command.name), command.name).toBeDefined();
    }
  });

  it("every command reaches Google, destructive ones mutate, and reads are idempotent", () => {
    for (const command of commands()) {
      expect(command.openWorld, command.name).toBe(true);
      if (command.destructive) expect(command.mutates, command.name).toBe(true);
      if (!command.mutates) expect([command.destructive, command.idempotent], command.name).toEqual([false, true]);
    }
  });

  it("deletes, sends and publishing are destructive", () => {
    const destructive = new Set(
      commands()
        .filter((c) => c.destructive)
        .map((c) => c.name),
    );
    for (const name of [
      "Google - Delete Email",
      "Google - Send Email",
      "Google - Reply to Email",
      "Google - Remove Calendar Item",
      "Google - Delete Keep Note",
      "GTM - Publish Container",
    ])
      expect(destructive, name).toContain(name);
  });

  it("the README's command tables show each command's effect as declared", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const documented = new Map([...readme.matchAll(/^\| ((?:Google|GTM)[^|]* - [^|]+?) \| ([^|]+?) \|/gm)].map((m) => [m[1]!.trim(), m[2]!.trim()]));
    const effect = (c: CommandEntry) =>
      [!c.mutates ? "read" : c.destructive ? "**destructive**" : "write", ...(c.mutates && c.idempotent ? ["idempotent"] : [])].join(", ");
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(commands().map((c) => [c.name, effect(c)])));
  });
});
