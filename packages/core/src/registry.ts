import { CommandError } from "./errors.js";
import { closestNames } from "./closest.js";
import type { ExtensionHandle } from "./handle.js";
import { clip, MAX_NAME_LENGTH } from "./limits.js";
import { toolName } from "./tool-name.js";

/** One command as callers see it, described from the extension's manifest. */
export interface CommandEntry {
  /** The original command name, e.g. "Get Steps". */
  name: string;
  /** Always unique: "<extension id>/<name>", e.g. "fitbit/Get Steps". */
  qualifiedName: string;
  /** Stable MCP / function-calling name, e.g. "fitbit_get_steps". */
  toolName: string;
  extensionId: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** Settings this command needs beyond the extension's required ones. */
  requires: readonly string[];
  /** Changes state somewhere (always true when destructive). MCP's readOnlyHint is its negation. */
  mutates: boolean;
  /** Human-readable title; the name unless the command sets one. */
  title: string;
  /** A change a client should confirm first (delete, unlock, send...). */
  destructive: boolean;
  /** Calling again with the same input has no further effect. */
  idempotent: boolean;
  /** Reaches a system outside the host. */
  openWorld: boolean;
  /** JSON Schema of the result's `data`, when the command declares one. */
  outputSchema?: Record<string, unknown>;
  /**
   * The host added the optional `account` input (the extension has auth and the command declares no `account` of
   * its own): it picks which of the user's accounts at the provider the call uses, and the command never sees it.
   */
  selectsAccount?: boolean;
  extension: ExtensionHandle;
}

/** Longest account label: the vault's column. */
export const MAX_ACCOUNT_LENGTH = 255;

/** The command's input schema with the host's `account` input added. */
function withAccountInput(schema: Record<string, unknown>, provider: string): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const account = {
    type: "string",
    minLength: 1,
    maxLength: MAX_ACCOUNT_LENGTH,
    description: `Which of your connected ${provider} accounts to use (its label, as agx connections lists it); your default ${provider} account when absent.`,
  };
  return { ...schema, properties: { ...properties, account } };
}

/**
 * All commands of all installed extensions. A plain name resolves when exactly one extension has it;
 * when several do, callers use the qualified name "<extension id>/<Command Name>". Tool names resolve too.
 */
export class Registry {
  private readonly byQualified = new Map<string, CommandEntry>();
  private readonly byName = new Map<string, CommandEntry[]>();
  private readonly byTool = new Map<string, CommandEntry>();
  private sorted: CommandEntry[] | undefined;
  readonly extensions: readonly ExtensionHandle[];

  constructor(extensions: readonly ExtensionHandle[]) {
    this.extensions = extensions;
    for (const extension of extensions) this.addAll(extension);
  }

  /** Re-describes an extension whose code turned out to differ from its manifest. */
  refresh(extension: ExtensionHandle): void {
    for (const entry of [...this.byQualified.values()].filter((e) => e.extension === extension)) {
      this.byQualified.delete(entry.qualifiedName);
      this.byTool.delete(entry.toolName);
      const rest = (this.byName.get(entry.name) ?? []).filter((e) => e !== entry);
      if (rest.length) this.byName.set(entry.name, rest);
      else this.byName.delete(entry.name);
    }
    this.addAll(extension);
  }

  private addAll(extension: ExtensionHandle): void {
    this.sorted = undefined;
    const provider = extension.manifest.auth?.provider;
    for (const command of extension.manifest.commands) {
      // Added here, not in the manifest: it is the host's input, so extensions' published contracts do not change.
      const selectsAccount = provider !== undefined && !Object.hasOwn((command.inputSchema.properties ?? {}) as object, "account");
      const entry: CommandEntry = {
        name: command.name,
        qualifiedName: `${extension.id}/${command.name}`,
        toolName: toolName(extension.id, command.name),
        extensionId: extension.id,
        description: command.description,
        inputSchema: selectsAccount ? withAccountInput(command.inputSchema, provider) : command.inputSchema,
        requires: command.requires,
        // Older manifests lack the hints: the same defaults as @Command's.
        mutates: command.mutates || command.destructive === true,
        title: command.title ?? command.name,
        destructive: command.destructive ?? false,
        idempotent: command.idempotent ?? false,
        openWorld: command.openWorld ?? extension.manifest.auth !== undefined,
        ...(command.outputSchema ? { outputSchema: command.outputSchema } : {}),
        selectsAccount,
        extension,
      };
      this.byQualified.set(entry.qualifiedName, entry);
      this.byTool.set(entry.toolName, entry);
      const same = this.byName.get(entry.name) ?? [];
      same.push(entry);
      this.byName.set(entry.name, same);
    }
  }

  /** Every command, ordered by extension then name. */
  list(): CommandEntry[] {
    this.sorted ??= [...this.byQualified.values()].sort((a, b) => a.extensionId.localeCompare(b.extensionId) || a.name.localeCompare(b.name));
    return [...this.sorted];
  }

  /** True when more than one extension registers this plain name. */
  isAmbiguous(name: string): boolean {
    return (this.byName.get(name)?.length ?? 0) > 1;
  }

  /** Resolves a plain, qualified or tool name; NOT_FOUND lists close names, CONFLICT lists the qualified choices. */
  find(name: string): CommandEntry {
    if (typeof name !== "string" || name.length > MAX_NAME_LENGTH)
      // Answered at once: no lookup, no suggestions, and only the start of the name is quoted back.
      throw new CommandError(
        "NOT_FOUND",
        typeof name === "string"
          ? `Unknown command "${clip(name)}": a command name is at most ${MAX_NAME_LENGTH} characters.`
          : "A command name must be a string.",
        { details: { suggestions: [] } },
      );
    const exact = this.byQualified.get(name) ?? this.unique(this.byName.get(name), name) ?? this.byTool.get(name);
    if (exact) return exact;
    const folded = name.trim().toLowerCase();
    const insensitive = this.list().filter((e) => e.name.toLowerCase() === folded || e.qualifiedName.toLowerCase() === folded);
    const match = this.unique(insensitive, name);
    if (match) return match;
    // Only names that would resolve: a plain name two extensions share is offered in its qualified forms.
    const near = closestNames(name, new Set(this.list().flatMap((e) => [e.name, e.qualifiedName])));
    const suggestions = [...new Set(near.flatMap((n) => (this.isAmbiguous(n) ? this.byName.get(n)!.map((e) => e.qualifiedName) : [n])))];
    throw new CommandError(
      "NOT_FOUND",
      `Unknown command "${clip(name)}".` + (suggestions.length ? ` Did you mean: ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""),
      { details: { suggestions } },
    );
  }

  private unique(entries: CommandEntry[] | undefined, name: string): CommandEntry | undefined {
    if (!entries || entries.length === 0) return undefined;
    if (entries.length === 1) return entries[0];
    const choices = entries.map((e) => e.qualifiedName);
    throw new CommandError("CONFLICT", `Command "${clip(name)}" is provided by several extensions; name one of: ${choices.map((c) => `"${c}"`).join(", ")}.`, {
      details: { choices },
    });
  }
}
