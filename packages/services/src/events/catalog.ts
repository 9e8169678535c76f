import { clip, closestNames, CommandError, qualifiedTriggerName, type ExtensionHandle, type TriggerManifest } from "@agx-ext/core/catalog";

/** One installed trigger as `agx triggers` and GET /v1/triggers show it. */
export interface TriggerEntry extends TriggerManifest {
  /** "<extension id>/<trigger name>": what subscriptions name. */
  qualifiedName: string;
  extensionId: string;
  /** Webhook triggers: the path providers post to (under the host's public URL). */
  hookPath?: string;
}

/** The path a webhook trigger is mounted at: /hooks/<extension>/<trigger name, URL-encoded>. */
export function hookPath(extensionId: string, name: string): string {
  return `/hooks/${encodeURIComponent(extensionId)}/${encodeURIComponent(name)}`;
}

/** Every trigger of the installed extensions, from their manifests (no extension code is loaded), by qualified name. */
export function listTriggers(extensions: readonly ExtensionHandle[]): TriggerEntry[] {
  return extensions
    .flatMap((extension) =>
      (extension.manifest.triggers ?? []).map((trigger) => ({
        ...trigger,
        qualifiedName: qualifiedTriggerName(extension.id, trigger.name),
        extensionId: extension.id,
        ...(trigger.kind === "webhook" ? { hookPath: hookPath(extension.id, trigger.name) } : {}),
      })),
    )
    .sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
}

/** The trigger a qualified name names; NOT_FOUND lists the closest ones. */
export function findTrigger(extensions: readonly ExtensionHandle[], name: unknown): TriggerEntry {
  if (typeof name !== "string" || !name)
    throw new CommandError("INVALID_INPUT", 'Name the trigger as "<extension id>/<trigger name>" (agx triggers lists them).', {
      details: { fields: ["trigger"] },
    });
  const all = listTriggers(extensions);
  const found = all.find((t) => t.qualifiedName === name);
  if (found) return found;
  const near = closestNames(name, new Set(all.map((t) => t.qualifiedName)));
  throw new CommandError(
    "NOT_FOUND",
    `Unknown trigger "${clip(name)}".` + (near.length ? ` Did you mean: ${near.map((n) => `"${n}"`).join(", ")}?` : " agx triggers lists them."),
    {
      details: { suggestions: near },
    },
  );
}
