#!/usr/bin/env node
import module from "node:module";
import { holdYoungGeneration } from "./young-generation.js";

// Before anything is imported: start-up allocations are long-lived, a young generation grown for them stays empty.
holdYoungGeneration();

// Node 22.1+ can keep the compiled code of the modules a start loads (in the OS temp folder, or NODE_COMPILE_CACHE),
// so the next `agx` skips most of compiling them. Turned on before the rest is imported, so that it covers it;
// Node 20 has no such cache and starts as before.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import("./cli/index.js");

// `agx commands | head -5`: the reader left, so there is nobody to write to. Stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });

const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
});
process.exitCode = code;
// The subcommand is over. Whatever a command left behind past its deadline (a socket it never closed, a timer)
// must not keep the process alive: give open writes a moment, then exit. unref: a clean run exits at once.
setTimeout(() => process.exit(code), 2_000).unref();
