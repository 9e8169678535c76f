import { describe, expect, it } from "vitest";
import { connectionState, scopesInWords } from "../src/app/connection-state";
import { commandUiSchema } from "../src/app/form/ui-schema";
import { safeNextPath } from "../src/app/next-path";

describe("safeNextPath: where sign-in may send a person", () => {
  it("keeps same-origin paths with their query", () => {
    expect(safeNextPath("/connections?connected=demo")).toBe("/connections?connected=demo");
    expect(safeNextPath("/commands/demo_write_greeting")).toBe("/commands/demo_write_greeting");
  });
  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", undefined, "/sign-in?next=/x"])(
    "sends %s to the overview",
    (next) => {
      expect(safeNextPath(next)).toBe("/");
    },
  );
});

describe("connectionState: the host's statuses as the four a person reads", () => {
  const now = Date.parse("2025-01-01T12:00:00Z");
  it.each([
    [undefined, "not_connected"],
    [{ provider: "p", status: "not_connected", connected: false }, "not_connected"],
    [{ provider: "p", status: "active", connected: true, expiresAt: "2025-01-01T13:00:00Z" }, "connected"],
    [{ provider: "p", status: "active", connected: true, expiresAt: "2025-01-01T11:00:00Z" }, "expired"],
    [{ provider: "p", status: "degraded", connected: true }, "connected"],
    [{ provider: "p", status: "needs_reauth", connected: false }, "broken"],
    [{ provider: "p", status: "unreadable", connected: false }, "broken"],
  ] as const)("%j is %s", (connection, state) => {
    expect(connectionState(connection as never, now)).toBe(state);
  });
});

describe("scopesInWords", () => {
  it("names fully granted groups by their description and leaves other scopes as they are", () => {
    const groups = [
      { name: "mail", description: "Read your mail", default: true, scopes: ["m.read"] },
      { name: "cal", description: "Your calendar", default: false, scopes: ["c.read", "c.write"] },
    ];
    expect(scopesInWords(["m.read", "c.read", "x"], groups)).toEqual(["Read your mail", "c.read", "x"]);
    expect(scopesInWords(["a", "b"])).toEqual(["a", "b"]);
  });
});

describe("commandUiSchema", () => {
  it("makes date fields date pickers and the submit button Run", () => {
    const ui = commandUiSchema(
      {
        type: "object",
        properties: {
          day: { type: "string", description: "The day, YYYY-MM-DD" },
          when: { type: "string", format: "date" },
          name: { type: "string" },
          count: { type: "integer", description: "YYYY-MM-DD is not a number" },
        },
      },
      "Run",
    );
    expect(ui).toEqual({ "ui:submitButtonOptions": { submitText: "Run" }, day: { "ui:widget": "date" }, when: { "ui:widget": "date" } });
  });
});
