import { manifestStatus, type ExtensionStatus, type LoadFailure } from "@agx-ext/core/catalog";
import { parseCommandLine } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";

/**
 * agx doctor [--user <id>] [--json]: each extension, loaded or why not, and the settings it still needs.
 * Without --user it reads manifests only; with it, the host starts to see that user's stored settings.
 */
export const doctor: Subcommand = async (args, { io, host, installed }) => {
  const { values } = parseCommandLine("doctor", args);
  let statuses: ExtensionStatus[];
  let failures: readonly LoadFailure[];
  let notices: readonly string[];
  if (values.user) {
    const full = await host();
    await full.start(); // the user's stored settings live in the started vault
    statuses = await Promise.all(full.runtime.extensions.map((e) => full.runtime.settingsStatus(e, values.user)));
    ({ failures } = full.runtime);
    ({ notices } = full);
  } else {
    const found = await installed();
    statuses = found.extensions.map((e) => manifestStatus(e, found.settings));
    ({ failures, notices } = found);
  }
  if (values.json) {
    io.out(JSON.stringify({ extensions: statuses, failures, notices }, null, 2));
  } else {
    for (const s of statuses) {
      const needs = [...s.missingSettings.map((k) => `${k} (missing)`), ...s.invalidSettings.map((k) => `${k} (invalid)`)];
      io.out(`${needs.length ? "!" : "✔"} ${s.id} (${s.package} ${s.version}) ${needs.length ? `needs settings: ${needs.join(", ")}` : "ready"}`);
    }
    for (const f of failures) io.out(`✘ ${f.source}: ${f.reason}`);
    for (const notice of notices) io.out(`note: ${notice}`);
    io.out(`\n${statuses.length} loaded, ${failures.length} failed to load`);
  }
  return failures.length ? EXIT.failed : EXIT.ok;
};
