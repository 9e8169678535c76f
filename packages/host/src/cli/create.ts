import { relative } from "node:path";
import { scaffoldExtension } from "../scaffold/index.js";
import { installWorkspace } from "../scaffold/install.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, UsageError, type Subcommand } from "./io.js";

/**
 * agx create extension <name>: a new extension package, ready to build and test. Inside the agx-ext
 * workspace it is linked in with `pnpm install` (unless --no-install); elsewhere the next steps are printed.
 */
export const create: Subcommand = async (args, { io }) => {
  const { values, positionals } = parseCommandLine("create", args);
  const [kind, name, ...rest] = positionals;
  if (kind !== "extension" || !name || rest.length) throw usageError("create");
  let result;
  try {
    result = await scaffoldExtension({
      name,
      cwd: process.cwd(),
      ...(values.dir ? { dir: values.dir } : {}),
      ...(values.package ? { packageName: values.package } : {}),
    });
  } catch (error) {
    // Bad names and occupied folders are the caller's to fix: report them as usage errors.
    if ((error as NodeJS.ErrnoException).code === undefined) throw new UsageError((error as Error).message);
    throw error;
  }
  const where = relative(process.cwd(), result.dir) || ".";
  io.out(`Created ${result.names.packageName} in ${where}`);
  for (const file of result.files) io.out(`  ${file}`);

  const filter = `pnpm --filter ${result.names.packageName}`;
  if (!result.workspaceRoot) {
    io.out(`\nNext:\n${[`cd ${where}`, "npm install", "npm run build", "npm test"].map((s) => `  ${s}`).join("\n")}`);
    return EXIT.ok;
  }
  if (!values["no-install"]) {
    io.out("\nLinking it into the workspace (pnpm install)...");
    const code = await installWorkspace(result.workspaceRoot);
    if (code !== 0) {
      io.err(`pnpm install failed (exit ${code}); run it yourself in ${result.workspaceRoot}, then ${filter} test.`);
      return EXIT.failed;
    }
  }
  const steps = [...(values["no-install"] ? ["pnpm install"] : []), `${filter} build`, `${filter} test`];
  io.out(`\nNext:\n${steps.map((s) => `  ${s}`).join("\n")}`);
  return EXIT.ok;
};
