/**
 * The shape of a subcommand's command line, and the help text made from it. One table per subcommand
 * (in subcommand-specs.ts) is both what node:util parseArgs parses and what `--help` prints, so the two
 * cannot drift apart.
 */

/** One option: what parseArgs needs, plus what help shows. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in help, e.g. "<id>"; string options only. */
  value?: string;
  description: string;
}

export interface SubcommandSpec {
  /** One line for `agx --help`. */
  summary: string;
  /** Each form of the command line after `agx <name>`, positionals only ("<provider>"); "" for none. */
  forms: readonly string[];
  /** Whether the forms take positional arguments (else parseArgs refuses any). */
  positionals: boolean;
  options: Readonly<Record<string, OptionSpec>>;
  /** Full command lines that work as shown. */
  examples: readonly string[];
  /** What help says after the summary: behaviour worth knowing before running it. */
  details?: string;
}

/** Every subcommand takes --help; index.ts answers it before loading the subcommand. */
export const HELP_OPTION = { help: { type: "boolean", short: "h", description: "show this help" } } as const satisfies Record<string, OptionSpec>;

/** "-u, --user <id>" */
export function optionLabel(name: string, option: OptionSpec): string {
  const long = `--${name}${option.type === "string" ? ` ${option.value ?? "<value>"}` : ""}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

/** The forms as one line: "agx tools enable|disable <extension> [options] | agx tools list [options]". */
export function usageLine(name: string, spec: SubcommandSpec): string {
  return spec.forms.map((form) => [`agx ${name}`, form, "[options]"].filter(Boolean).join(" ")).join(" | ");
}

/** `agx <name> --help`: usage, what it does, every option, examples. */
export function formatHelp(name: string, spec: SubcommandSpec): string {
  const options = Object.entries({ ...spec.options, ...HELP_OPTION });
  const labels = options.map(([long, option]) => optionLabel(long, option));
  const width = Math.max(...labels.map((l) => l.length));
  const lines = ["Usage:", ...spec.forms.map((form) => `  ${[`agx ${name}`, form, "[options]"].filter(Boolean).join(" ")}`), "", spec.summary];
  if (spec.details) lines.push("", spec.details);
  lines.push("", "Options:", ...options.map(([, option], i) => `  ${labels[i]!.padEnd(width)}  ${option.description}`));
  lines.push("", spec.examples.length > 1 ? "Examples:" : "Example:", ...spec.examples.map((e) => `  ${e}`));
  return lines.join("\n");
}

/** `agx --help`: every subcommand with its one line (name -> summary). */
export function formatOverview(summaries: Readonly<Record<string, string>>): string {
  const names = Object.keys(summaries);
  const width = Math.max(...names.map((n) => n.length));
  return [
    "agx: run agx-ext extension commands",
    "",
    "Usage: agx <subcommand> [options]",
    "",
    "Subcommands:",
    ...names.map((name) => `  ${name.padEnd(width)}  ${summaries[name]}`.trimEnd()),
    "",
    "agx <subcommand> --help (or agx help <subcommand>) shows its options and an example.",
    "agx --version shows the host's version and each installed extension's.",
  ].join("\n");
}
