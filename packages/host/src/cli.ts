#!/usr/bin/env node
import { main } from "./cli/index.js";

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
