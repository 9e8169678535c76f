import { parseArgs } from "node:util";
import { closestNames } from "@agx-ext/core/catalog";
import { HELP_OPTION, optionLabel, usageLine } from "./help.js";
import { UsageError } from "./io.js";
import { SPECS, type SubcommandName } from "./subcommand-specs.js";

type OptionsOf<N extends SubcommandName> = (typeof SPECS)[N]["options"] & typeof HELP_OPTION;

/** What parseArgs gives for these options: a string or a boolean per option given, and the positionals. */
export interface CommandLine<N extends SubcommandName> {
  values: { [K in keyof OptionsOf<N>]?: OptionsOf<N>[K] extends { type: "boolean" } ? boolean : string };
  positionals: string[];
}

/**
 * Parses a subcommand's arguments with the options its spec declares (the same table its --help prints).
 * A mistake becomes a UsageError that names the subcommand and its valid options, not parseArgs' bare
 * "Unknown option".
 */
export function parseCommandLine<N extends SubcommandName>(name: N, args: string[]): CommandLine<N> {
  const spec = SPECS[name];
  try {
    return parseArgs({ args, options: { ...spec.options, ...HELP_OPTION }, allowPositionals: spec.positionals, strict: true }) as CommandLine<N>;
  } catch (error) {
    throw explain(name, error);
  }
}

/** The usage error for positionals that do not fit any of the subcommand's forms. */
export function usageError(name: SubcommandName, problem?: string): UsageError {
  return new UsageError(`${problem ? `${problem}. ` : ""}usage: ${usageLine(name, SPECS[name])}\n(agx ${name} --help shows the options and an example)`);
}

function explain(name: SubcommandName, error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (!code?.startsWith("ERR_PARSE_ARGS")) return error;
  const message = (error as Error).message;
  const spec = SPECS[name];
  const valid = Object.entries({ ...spec.options, ...HELP_OPTION }).map(([long, option]) => optionLabel(long, option).trim());
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const given = /'([^']*)'/.exec(message)?.[1] ?? "";
    const longNames = Object.keys(spec.options).map((long) => `--${long}`);
    const near = given.startsWith("--") ? closestNames(given, longNames, 1) : [];
    return new UsageError(
      `unknown option "${given.slice(0, 60)}" for agx ${name}.${near.length ? ` Did you mean ${near[0]}?` : ""} Its options: ${valid.join(", ")}` +
        "\n(a value that starts with a dash goes after --, or as --option=value)",
    );
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const given = /'([^']*)'/.exec(message)?.[1] ?? "";
    return usageError(name, `unexpected argument "${given.slice(0, 60)}": agx ${name} takes none`);
  }
  // A missing or ambiguous option value, or a value given to a flag: parseArgs names the option.
  return new UsageError(`${message.replaceAll("\n", " ")} (agx ${name})\n(agx ${name} --help shows the options and an example)`);
}
