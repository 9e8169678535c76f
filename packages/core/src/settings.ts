import type { z } from "zod";
import type { ExtensionDefinition } from "./definition.js";
import { CommandError } from "./errors.js";
import { isSecretSchema } from "./schema.js";

export * from "./settings-source.js";
import type { SettingsSource, SettingValues } from "./settings-source.js";

export interface ResolvedSettings {
  values: Record<string, unknown>;
  /** Values of settings marked secret, to scrub from anything shown. */
  secrets: string[];
}

export interface SettingsProblem {
  missing: string[];
  invalid: { key: string; message: string }[];
}

/** Raw values for every key of the extension's settings schema; user values win over host ones. */
export function collectSettings(def: ExtensionDefinition, host: SettingsSource, user: SettingValues = {}): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(def.settings?.shape ?? {})) {
    const value = user[key] ?? host.get(key);
    raw[key] = value === "" ? undefined : value;
  }
  return raw;
}

/** Parses the raw values with the settings schema; reports missing and invalid keys instead of throwing. */
export function parseSettings(def: ExtensionDefinition, raw: Record<string, string | undefined>): ResolvedSettings | SettingsProblem {
  if (!def.settings) return { values: {}, secrets: [] };
  const parsed = def.settings.safeParse(raw);
  if (!parsed.success) {
    const missing: string[] = [];
    const invalid: { key: string; message: string }[] = [];
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (raw[key] === undefined) missing.push(key);
      else invalid.push({ key, message: issue.message });
    }
    return { missing: [...new Set(missing)], invalid };
  }
  const shape = def.settings.shape as Record<string, z.ZodType>;
  const secrets = Object.entries(shape)
    .filter(([key, schema]) => isSecretSchema(schema) && typeof raw[key] === "string")
    .map(([key]) => raw[key] as string);
  return { values: parsed.data as Record<string, unknown>, secrets };
}

export function isSettingsProblem(value: ResolvedSettings | SettingsProblem): value is SettingsProblem {
  return "missing" in value;
}

/** Names of required settings a particular command needs that are empty. */
export function missingRequired(requires: readonly string[] | undefined, raw: Record<string, string | undefined>): string[] {
  return (requires ?? []).filter((key) => raw[key] === undefined);
}

/**
 * NOT_CONFIGURED naming each missing or invalid setting, with its description where the schema has one, and
 * how to supply them: `hint` when a service module holds them per user, else environment variables or
 * agx.config.json.
 */
export function notConfigured(def: ExtensionDefinition, problem: SettingsProblem, hint?: string): CommandError {
  const shape = (def.settings?.shape ?? {}) as Record<string, z.ZodType>;
  const describe = (key: string) => {
    const description = shape[key]?.description;
    return description ? `${key} (${description})` : key;
  };
  const parts: string[] = [];
  if (problem.missing.length) parts.push(`missing setting${problem.missing.length > 1 ? "s" : ""} ${problem.missing.map(describe).join(", ")}`);
  for (const { key, message } of problem.invalid) parts.push(`setting ${key} is invalid: ${message}`);
  const invalid = [...new Set(problem.invalid.map((i) => i.key))];
  const how = hint ?? `Set ${problem.missing.length + invalid.length > 1 ? "them" : "it"} as environment variables or under "settings" in agx.config.json.`;
  return new CommandError("NOT_CONFIGURED", `${def.name} is not configured: ${parts.join("; ")}. ${how}`, {
    details: { extension: def.id, missing: problem.missing, invalid },
  });
}
