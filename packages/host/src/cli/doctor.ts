import { parseArgs } from "node:util";
import { EXIT, type Subcommand } from "./io.js";
import { DEFAULT_USER } from "./run.js";

/** agx doctor [--user <id>] [--json]: each extension, loaded or why not, and the settings it still needs. */
export const doctor: Subcommand = async (args, { io, host }) => {
  const { values } = parseArgs({ args, options: { user: { type: "string" }, json: { type: "boolean" } } });
  const { runtime, notices } = await host();
  const statuses = await Promise.all(runtime.extensions.map((e) => runtime.settingsStatus(e, values.user ?? DEFAULT_USER)));
  if (values.json) {
    io.out(JSON.stringify({ extensions: statuses, failures: runtime.failures, notices }, null, 2));
  } else {
    for (const s of statuses) {
      const needs = [...s.missingSettings.map((k) => `${k} (missing)`), ...s.invalidSettings.map((k) => `${k} (invalid)`)];
      io.out(`${needs.length ? "!" : "✔"} ${s.id} (${s.package} ${s.version}) ${needs.length ? `needs settings: ${needs.join(", ")}` : "ready"}`);
    }
    for (const f of runtime.failures) io.out(`✘ ${f.source}: ${f.reason}`);
    for (const notice of notices) io.out(`note: ${notice}`);
    io.out(`\n${statuses.length} loaded, ${runtime.failures.length} failed to load`);
  }
  return runtime.failures.length ? EXIT.failed : EXIT.ok;
};
