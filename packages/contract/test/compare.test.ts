import { Command, Extension, readExtension, Trigger, z } from "@agx-ext/core";
import { manifestOf, type PackageManifest } from "@agx-ext/core/host";
import { describe, expect, it } from "vitest";
import { compareContracts, formatChange } from "../src/compare.js";
import { contractOf } from "../src/contract.js";

/* Each version of an extension is a decorated class, turned into a manifest the way a package's build does it. */
function contract(...classes: unknown[]) {
  const manifest: PackageManifest = {
    manifestVersion: 1,
    package: "@agx-ext/steps",
    version: "1.0.0",
    extensions: classes.map((c) => manifestOf(readExtension(c)!)),
  };
  return contractOf(manifest);
}

const lines = (before: unknown, after: unknown) => compareContracts(contract(before), contract(after)).map(formatChange);

const daysInput = z.object({ days: z.number().int().min(1).max(30) });
const stepsOutput = z.object({ steps: z.number() });
const settings = z.object({ STEPS_URL: z.string().default("https://steps.example") });

@Extension({ id: "steps", name: "Steps", description: "x", settings })
class V1 {
  @Command({ name: "Get Steps", description: "x", input: daysInput, output: stepsOutput, idempotent: true })
  get() {
    return { data: { steps: 1 } };
  }

  @Command({ name: "Reset Steps", description: "x", mutates: true })
  reset() {
    return { data: null };
  }

  @Trigger({ name: "Steps Counted", description: "x", kind: "poll", output: stepsOutput })
  counted() {
    return { events: [], cursor: null };
  }
}

describe("comparing contracts", () => {
  it("finds nothing between two builds of the same code, even with new descriptions and titles", () => {
    @Extension({ id: "steps", name: "Steps!", description: "new words", settings })
    class Same {
      @Command({ name: "Get Steps", title: "Daily steps", description: "other words", input: daysInput, output: stepsOutput, idempotent: true })
      get() {
        return { data: { steps: 1 } };
      }

      @Command({ name: "Reset Steps", description: "x", mutates: true })
      reset() {
        return { data: null };
      }

      @Trigger({ name: "Steps Counted", description: "new", kind: "poll", every: "1h", output: stepsOutput })
      counted() {
        return { events: [], cursor: null };
      }
    }
    expect(lines(V1, Same)).toEqual([]);
  });

  it("a removed or renamed command is major and named with its tool name; a new one is minor", () => {
    @Extension({ id: "steps", name: "Steps", description: "x", settings })
    class Renamed {
      @Command({ name: "Get Daily Steps", description: "x", input: daysInput, output: stepsOutput, idempotent: true })
      get() {
        return { data: { steps: 1 } };
      }

      @Command({ name: "Reset Steps", description: "x", mutates: true })
      reset() {
        return { data: null };
      }

      @Trigger({ name: "Steps Counted", description: "x", kind: "poll", output: stepsOutput })
      counted() {
        return { events: [], cursor: null };
      }
    }
    expect(lines(V1, Renamed)).toEqual([
      'major  steps: command "Get Steps" (steps_get_steps): removed (renamed to "Get Daily Steps"? callers still use the old name)',
      'minor  steps: command "Get Daily Steps" (steps_get_daily_steps): new command',
    ]);
  });

  it("names the command and the field of a schema change", () => {
    @Extension({ id: "steps", name: "Steps", description: "x", settings })
    class Tighter {
      @Command({ name: "Get Steps", description: "x", input: z.object({ days: z.number().int().min(1).max(7) }), output: stepsOutput, idempotent: true })
      get() {
        return { data: { steps: 1 } };
      }

      @Command({ name: "Reset Steps", description: "x", mutates: true, input: z.object({ confirm: z.boolean().optional() }) })
      reset() {
        return { data: null };
      }

      @Trigger({ name: "Steps Counted", description: "x", kind: "poll", output: stepsOutput })
      counted() {
        return { events: [], cursor: null };
      }
    }
    expect(lines(V1, Tighter)).toEqual([
      'major  steps: command "Get Steps" (steps_get_steps): input.days: maximum lowered from 30 to 7',
      'minor  steps: command "Reset Steps" (steps_reset_steps): input.confirm: new optional input field',
    ]);
  });

  it("withdrawn promises (read-only, safe to retry), new required settings and needs are major", () => {
    @Extension({ id: "steps", name: "Steps", description: "x", settings: settings.extend({ STEPS_KEY: z.string().min(1) }) })
    class Riskier {
      @Command({ name: "Get Steps", description: "x", input: daysInput, output: stepsOutput, mutates: true, requires: ["STEPS_KEY"] })
      get() {
        return { data: { steps: 1 } };
      }

      @Command({ name: "Reset Steps", description: "x", destructive: true })
      reset() {
        return { data: null };
      }

      @Trigger({ name: "Steps Counted", description: "x", kind: "poll", output: stepsOutput })
      counted() {
        return { events: [], cursor: null };
      }
    }
    expect(lines(V1, Riskier)).toEqual([
      "major  steps: setting STEPS_KEY: new required setting: hosts must set it before they upgrade",
      'major  steps: command "Get Steps" (steps_get_steps): mutates: now changes state (was read-only)',
      'major  steps: command "Get Steps" (steps_get_steps): idempotent: no longer idempotent: a retried call may repeat its effect',
      'major  steps: command "Get Steps" (steps_get_steps): requires: now needs setting STEPS_KEY',
      'major  steps: command "Reset Steps" (steps_reset_steps): destructive: now destructive',
    ]);
  });

  it("compares triggers like commands: removed is major, new is minor, a changed event shape by the output rules", () => {
    @Extension({ id: "steps", name: "Steps", description: "x", settings })
    class NewTriggers {
      @Command({ name: "Get Steps", description: "x", input: daysInput, output: stepsOutput, idempotent: true })
      get() {
        return { data: { steps: 1 } };
      }

      @Command({ name: "Reset Steps", description: "x", mutates: true })
      reset() {
        return { data: null };
      }

      @Trigger({ name: "Goal Met", description: "x", kind: "poll", output: z.object({ goal: z.number() }) })
      met() {
        return { events: [], cursor: null };
      }
    }
    expect(lines(V1, NewTriggers)).toEqual(['major  steps: trigger "Steps Counted": removed', 'minor  steps: trigger "Goal Met": new trigger']);

    @Extension({ id: "steps", name: "Steps", description: "x", settings })
    class LooserEvents {
      @Command({ name: "Get Steps", description: "x", input: daysInput, output: stepsOutput, idempotent: true })
      get() {
        return { data: { steps: 1 } };
      }

      @Command({ name: "Reset Steps", description: "x", mutates: true })
      reset() {
        return { data: null };
      }

      @Trigger({ name: "Steps Counted", description: "x", kind: "poll", output: z.object({ steps: z.number().optional(), day: z.string() }) })
      counted() {
        return { events: [], cursor: null };
      }
    }
    expect(lines(V1, LooserEvents)).toEqual([
      'major  steps: trigger "Steps Counted": output.steps: may now be missing (was always present)',
      'minor  steps: trigger "Steps Counted": output.day: new output field',
    ]);
  });

  it("a removed extension is major, a new one minor", () => {
    @Extension({ id: "sleep", name: "Sleep", description: "x" })
    class Sleep {
      @Command({ name: "Get Sleep", description: "x" })
      get() {
        return { data: null };
      }
    }
    expect(compareContracts(contract(V1, Sleep), contract(V1)).map(formatChange)).toEqual([
      'major  sleep: extension "sleep": removed, with its 1 commands and triggers',
    ]);
    expect(compareContracts(contract(V1), contract(V1, Sleep)).map(formatChange)).toEqual(['minor  sleep: extension "sleep": new extension']);
  });
});
