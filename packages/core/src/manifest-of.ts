import type { z } from "zod";
import type { ExtensionDefinition } from "./definition.js";
import type { ExtensionManifest, ManifestAuth } from "./manifest.js";
import { triggerManifestOf } from "./trigger-validate.js";
import { isSecretSchema, toJsonSchema, toOutputJsonSchema } from "./schema.js";

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
    ...(def.auth ? { auth: manifestAuth(def) } : {}),
    entities: def.entities?.length ?? 0,
    commands: def.commands.map((c) => ({
      name: c.name,
      description: c.description,
      inputSchema: c.input ? toJsonSchema(c.input) : { ...EMPTY_INPUT_SCHEMA },
      requires: [...(c.requires ?? [])],
      mutates: (c.mutates ?? false) || c.destructive === true,
      title: c.title ?? c.name,
      destructive: c.destructive ?? false,
      idempotent: c.idempotent ?? false,
      openWorld: c.openWorld ?? def.auth !== undefined,
      ...(c.output ? { outputSchema: toOutputJsonSchema(c.output) } : {}),
    })),
    // Only when there are some: manifests of extensions without triggers stay as they were.
    ...(def.triggers?.length ? { triggers: def.triggers.map(triggerManifestOf) } : {}),
  };
}

/** The declaration as the manifest file will hold it (through JSON), so that the stale check compares like with like. */
function manifestAuth(def: ExtensionDefinition): ManifestAuth {
  return JSON.parse(JSON.stringify({ ...def.auth, provider: def.auth?.provider ?? def.id })) as ManifestAuth;
}
