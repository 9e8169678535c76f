import { relative } from "node:path";
import { parseArgs } from "node:util";
import { scaffoldExtension } from "../scaffold/index.js";
import { EXIT, UsageError, type Subcommand } from "./io.js";

const USAGE = "usage: agx create extension <name> [--dir <path>] [--package <npm-name>]";

/** agx create extension <name> [--dir <path>] [--package <npm-name>]: a new extension package, ready to build and test. */
export const create: Subcommand = async (args, { io }) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dir: { type: "string" }, package: { type: "string" } },
  });
  const [kind, name, ...rest] = positionals;
  if (kind !== "extension" || !name || rest.length) throw new UsageError(USAGE);
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
  const steps = result.workspaceRoot
    ? ["pnpm install", `pnpm --filter ${result.names.packageName} build`, `pnpm --filter ${result.names.packageName} test`]
    : [`cd ${where}`, "npm install", "npm run build", "npm test"];
  io.out(`\nNext:\n${steps.map((s) => `  ${s}`).join("\n")}`);
  return EXIT.ok;
};
