import { Command, Extension, z, type CommandResult } from "@agx-ext/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, type TestHost } from "../src/index.js";

const goal = z.object({ exercise: z.string(), reps: z.number().int() });

@Extension({ id: "output-probe", name: "Output probe", description: "Commands whose data keeps or breaks their output schema." })
class OutputProbe {
  @Command({ name: "Keeps Its Word", description: "Returns what it declares.", output: goal })
  keeps(): CommandResult<z.output<typeof goal>> {
    return { data: { exercise: "curls", reps: 10 } };
  }

  @Command({ name: "Breaks Its Word", description: "Returns reps as text.", output: goal })
  breaks(): CommandResult<z.output<typeof goal>> {
    // The compiler refuses this data; the cast stands for an extension the output check must still catch at run time.
    return { data: { exercise: "curls", reps: "ten" } } as unknown as CommandResult<z.output<typeof goal>>;
  }

  @Command({ name: "Declares Nothing", description: "No output schema." })
  nothing(): CommandResult {
    return { data: ["anything"] };
  }
}

let host: TestHost;
beforeAll(async () => {
  host = await createTestHost({ extensions: [OutputProbe] });
});
afterAll(() => host.close());

describe("createTestHost checks results against output schemas", () => {
  it("passes data that matches the declared schema", async () => {
    await expect(host.execute("Keeps Its Word")).resolves.toMatchObject({ data: { reps: 10 } });
  });

  it("fails a command whose data breaks its declared schema, naming the field", async () => {
    await expect(host.execute("Breaks Its Word")).rejects.toThrow(
      /"output-probe\/Breaks Its Word" returned data that does not match its output schema: reps: /,
    );
  });

  it("leaves commands without an output schema alone", async () => {
    await expect(host.execute("Declares Nothing")).resolves.toMatchObject({ data: ["anything"] });
  });
});
