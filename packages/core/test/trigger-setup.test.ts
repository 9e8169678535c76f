/**
 * A webhook trigger's `setup` (registering the callback with the provider): checked when the extension is validated,
 * and flagged in the manifest as `setup: true`, so a host finds the extensions to import without importing them all.
 */
import { describe, expect, it } from "vitest";
import { Command, Extension, readExtension, Trigger, z, type WebhookRequest, type WebhookSetupContext } from "../src/index.js";
import { manifestOf, validateExtension } from "../src/host.js";

const changed = z.object({ id: z.string() });
const verify = { sharedSecret: { setting: "HOOK_SECRET", header: "x-secret" } };

@Extension({ id: "hooked", name: "Hooked", description: "Webhooks with and without setup." })
class Hooked {
  @Command({ name: "Ping", description: "x" })
  ping() {
    return { data: "pong" };
  }

  @Trigger({
    name: "Registered",
    description: "A webhook the provider must be told about.",
    kind: "webhook",
    output: changed,
    verify,
    setup: async (context: WebhookSetupContext) => ({ created: [context.callbackUrl], renewed: [], kept: [] }),
  })
  registered(_request: WebhookRequest) {
    return { events: [] };
  }

  @Trigger({ name: "Manual", description: "A webhook configured at the provider by hand.", kind: "webhook", output: changed, verify })
  manual(_request: WebhookRequest) {
    return { events: [] };
  }
}

describe("trigger setup", () => {
  it("flags a webhook trigger with a setup as setup: true in the manifest, and nothing for one without", () => {
    const definition = readExtension(Hooked)!;
    expect(validateExtension(definition)).toEqual([]);
    const [registered, manual] = manifestOf(definition).triggers!;
    expect(registered).toMatchObject({ name: "Registered", setup: true });
    expect(manual).not.toHaveProperty("setup");
    // The manifest is plain data: the function itself is never written.
    expect(JSON.parse(JSON.stringify(registered))).toEqual(registered);
  });

  it("names a setup on a poll trigger and a setup that is not a function", () => {
    const definition = readExtension(Hooked)!;
    const base = definition.triggers![0]!;
    definition.triggers = [
      { ...base, name: "Polled", kind: "poll", verify: undefined },
      { ...base, name: "Odd", setup: "https://example.com" as unknown as typeof base.setup },
    ];
    const problems = validateExtension(definition).join("\n");
    expect(problems).toContain('trigger "Polled" is a poll trigger: setup applies to webhook triggers only');
    expect(problems).toContain('trigger "Odd" setup must be a function');
    expect(manifestOf({ ...definition, triggers: [definition.triggers[1]!] }).triggers![0]).not.toHaveProperty("setup");
  });
});
