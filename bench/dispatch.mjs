// In-process dispatch: Runtime.execute of a trivial command against calling the method directly.
import { resolve } from "node:path";
import { ROOT, figure } from "./lib.mjs";

const CALLS = 20_000;

export async function benchDispatch() {
  const { Command, Extension, readExtension, z } = await import(resolve(ROOT, "packages/core/dist/index.js"));
  const { Runtime } = await import(resolve(ROOT, "packages/core/dist/host.js"));
  class Echo {
    async echo(input) {
      return { data: { echoed: input.text.length } };
    }
  }
  Command({ name: "Echo", description: "Echoes.", input: z.object({ text: z.string() }) })(
    Echo.prototype,
    "echo",
    Object.getOwnPropertyDescriptor(Echo.prototype, "echo"),
  );
  Extension({ id: "echo", name: "Echo", description: "Bench." })(Echo);
  const runtime = new Runtime({ extensions: [{ definition: readExtension(Echo), package: { name: "echo", version: "0", dir: "", agx: { extension: "" } } }] });
  const input = { text: "hello" };
  const direct = new Echo();

  const time = async (fn) => {
    for (let i = 0; i < 2_000; i++) await fn(); // warm-up for the JIT
    const started = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await fn();
    return Number(process.hrtime.bigint() - started) / 1e3 / CALLS;
  };
  const directUs = await time(() => direct.echo(input));
  const executeUs = await time(() => runtime.execute("Echo", input, { userId: "bench" }));
  const overhead = figure("execute() of a trivial command (vs direct method call)", executeUs, directUs, "µs/call");
  return [{ ...overhead, overheadUs: Math.round((executeUs - directUs) * 100) / 100, target: "< 20 µs overhead" }];
}
