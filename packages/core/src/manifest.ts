import type { z } from "zod";
import type { ExtensionDefinition } from "./definition.js";
import { isSecretSchema, toJsonSchema } from "./schema.js";

export const MANIFEST_VERSION = 1;

export interface SettingManifest {
  key: string;
  required: boolean;
  secret: boolean;
  description?: string;
}

export interface CommandManifest {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  requires: string[];
  mutates: boolean;
}

/** What the host needs to list, describe and check an extension without importing its code. */
export interface ExtensionManifest {
  id: string;
  name: string;
  description: string;
  category?: string;
  settings: SettingManifest[];
  /** The auth declaration as plain data (its kind and provider matter to listings). */
  auth?: { kind: string; provider: string };
  /** Number of database entities; an extension that has some is imported when the database starts. */
  entities: number;
  commands: CommandManifest[];
}

/** The file a package's build writes and its package.json `agx.manifest` points to. */
export interface PackageManifest {
  manifestVersion: number;
  package: string;
  version: string;
  extensions: ExtensionManifest[];
}

const EMPTY_INPUT_SCHEMA = { type: "object", properties: {} };

export function manifestOf(def: ExtensionDefinition): ExtensionManifest {
  const shape = (def.settings?.shape ?? {}) as Record<string, z.ZodType>;
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    ...(def.category ? { category: def.category } : {}),
    settings: Object.entries(shape).map(([key, schema]) => ({
      key,
      required: !schema.safeParse(undefined).success,
      secret: isSecretSchema(schema),
      ...(schema.description ? { description: schema.description } : {}),
    })),
    ...(def.auth ? { auth: { kind: def.auth.kind, provider: def.auth.provider ?? def.id } } : {}),
    entities: def.entities?.length ?? 0,
    commands: def.commands.map((c) => ({
      name: c.name,
      description: c.description,
      inputSchema: c.input ? toJsonSchema(c.input) : { ...EMPTY_INPUT_SCHEMA },
      requires: [...(c.requires ?? [])],
      mutates: c.mutates ?? false,
    })),
  };
}

/** True when two manifests describe the same extension (the stale-build check). */
export function sameManifest(a: ExtensionManifest, b: ExtensionManifest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
