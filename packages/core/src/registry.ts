import type { CommandDefinition, ExtensionDefinition } from "./definition.js";
import { CommandError } from "./errors.js";
import { closestNames } from "./closest.js";
import { toJsonSchema } from "./schema.js";
import { toolName } from "./tool-name.js";
import type { LoadedExtension } from "./discovery.js";

const EMPTY_INPUT_SCHEMA = Object.freeze({ type: "object", properties: {}, additionalProperties: false });

/** One command as callers see it. */
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
  mutates: boolean;
  definition: CommandDefinition;
  extension: LoadedExtension;
}

/**
 * All commands of all loaded extensions. A plain name resolves when exactly one extension has it;
 * when several do, callers use the qualified name "<extension id>/<Command Name>". Tool names resolve too.
 */
export class Registry {
  private readonly byQualified = new Map<string, CommandEntry>();
  private readonly byName = new Map<string, CommandEntry[]>();
  private readonly byTool = new Map<string, CommandEntry>();
  readonly extensions: readonly LoadedExtension[];

  constructor(extensions: readonly LoadedExtension[]) {
    this.extensions = extensions;
    for (const extension of extensions) {
      for (const definition of extension.definition.commands) this.add(extension, definition);
    }
  }

  private add(extension: LoadedExtension, definition: CommandDefinition): void {
    const ext: ExtensionDefinition = extension.definition;
    const entry: CommandEntry = {
      name: definition.name,
      qualifiedName: `${ext.id}/${definition.name}`,
      toolName: toolName(ext.id, definition.name),
      extensionId: ext.id,
      description: definition.description,
      inputSchema: definition.input ? toJsonSchema(definition.input) : { ...EMPTY_INPUT_SCHEMA },
      mutates: definition.mutates ?? false,
      definition,
      extension,
    };
    this.byQualified.set(entry.qualifiedName, entry);
    this.byTool.set(entry.toolName, entry);
    const same = this.byName.get(entry.name) ?? [];
    same.push(entry);
    this.byName.set(entry.name, same);
  }

  /** Every command, ordered by extension then name. */
  list(): CommandEntry[] {
    return [...this.byQualified.values()].sort(
      (a, b) => a.extensionId.localeCompare(b.extensionId) || a.name.localeCompare(b.name),
    );
  }

  /** True when more than one extension registers this plain name. */
  isAmbiguous(name: string): boolean {
    return (this.byName.get(name)?.length ?? 0) > 1;
  }

  /** Resolves a plain or qualified name; NOT_FOUND lists close names, CONFLICT lists the qualified choices. */
  find(name: string): CommandEntry {
    const exact = this.byQualified.get(name) ?? this.unique(this.byName.get(name), name) ?? this.byTool.get(name);
    if (exact) return exact;
    const folded = name.trim().toLowerCase();
    const insensitive = this.list().filter(
      (e) => e.name.toLowerCase() === folded || e.qualifiedName.toLowerCase() === folded,
    );
    const match = this.unique(insensitive, name);
    if (match) return match;
    const suggestions = closestNames(name, new Set(this.list().flatMap((e) => [e.name, e.qualifiedName])));
    throw new CommandError(
      "NOT_FOUND",
      `Unknown command "${name}".` + (suggestions.length ? ` Did you mean: ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""),
      { details: { suggestions } },
    );
  }

  private unique(entries: CommandEntry[] | undefined, name: string): CommandEntry | undefined {
    if (!entries || entries.length === 0) return undefined;
    if (entries.length === 1) return entries[0];
    const choices = entries.map((e) => e.qualifiedName);
    throw new CommandError(
      "CONFLICT",
      `Command "${name}" is provided by several extensions; name one of: ${choices.map((c) => `"${c}"`).join(", ")}.`,
      { details: { choices } },
    );
  }
}
