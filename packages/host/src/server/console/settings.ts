import type { ExtensionHandle, SettingsSource } from "@agx-ext/core/host";

/** A host-wide setting as the admin page lists it: its name and whether it has a value, never the value. */
export interface SettingStatus {
  name: string;
  set: boolean;
  scope: "host" | "extension";
  /** The extension that declares it (scope "extension"). */
  extension?: string;
  description?: string;
}

/** The settings the host itself reads from its environment (the host README's settings table). */
const HOST_SETTINGS: readonly { name: string; description: string }[] = [
  { name: "AGX_HOME", description: "Host directory: extensions and .agx/ state" },
  { name: "AGX_DATABASE_URL", description: "The host database (default: SQLite in .agx/agx.db)" },
  { name: "AGX_SECRET_KEY", description: "Vault key for stored tokens and secrets" },
  { name: "AGX_SECRET_KEY_PREVIOUS", description: "Older vault keys still accepted for reading" },
  { name: "AGX_PUBLIC_URL", description: "Public base URL: OAuth callbacks, links, the console" },
  { name: "AGX_ALLOWED_REDIRECT_ORIGINS", description: "Origins connect links may return to" },
  { name: "AGX_CONNECTION_WEBHOOK_URL", description: "Where connection changes are posted" },
  { name: "AGX_WEBHOOK_SECRET", description: "Signs connection change notices" },
  { name: "AGX_PORT", description: "Port agx serve listens on" },
  { name: "AGX_HOST", description: "Address agx serve listens on" },
  { name: "AGX_LOG_LEVEL", description: "Log detail" },
  { name: "AGX_BODY_LIMIT", description: "Largest request body" },
  { name: "AGX_REQUEST_TIMEOUT_MS", description: "Time a client has to send a request" },
  { name: "AGX_COMMAND_TIMEOUT_MS", description: "Longest a command may run" },
  { name: "AGX_SHUTDOWN_GRACE_MS", description: "Time calls in flight get on shutdown" },
  { name: "AGX_RATE_LIMIT", description: "Requests per API key and minute" },
  { name: "AGX_AUTH_FAILURE_LIMIT", description: "Failed key attempts per address and minute" },
  { name: "AGX_CALL_LOG", description: "off: no call log (Activity page)" },
  { name: "AGX_CONSOLE", description: "off: no web console" },
];

/**
 * Host-wide settings: the host's own (from its environment) and each extension's, leaving out those a user stores
 * for themselves (`perUser`: API keys and credentials fields kept in the vault).
 */
export function settingsStatus(
  env: NodeJS.ProcessEnv,
  settings: SettingsSource,
  extensions: readonly ExtensionHandle[],
  perUser: ReadonlySet<string>,
): SettingStatus[] {
  const host = HOST_SETTINGS.map(({ name, description }): SettingStatus => ({ name, set: !!env[name], scope: "host", description }));
  const declared = extensions.flatMap((extension) => {
    const fromSchema = extension.manifest.settings.map(({ key, description }) => ({ key, description }));
    const fromAuth = authSettings(extension.manifest.auth).filter((auth) => !fromSchema.some((s) => s.key === auth.key));
    return [...fromSchema, ...fromAuth]
      .filter((setting) => !perUser.has(setting.key))
      .map((setting): SettingStatus => ({
        name: setting.key,
        set: !!settings.get(setting.key),
        scope: "extension",
        extension: extension.id,
        ...(setting.description ? { description: setting.description } : {}),
      }));
  });
  return [...host, ...declared];
}

/**
 * Host-wide settings an auth declaration names (OAuth client id and secret, endpoint overrides): its fields
 * ending in `Setting`, one level deep. Extensions with auth are loaded when the host starts, so the declaration
 * is at hand; the manifest only names the provider.
 */
function authSettings(auth: unknown): { key: string; description: string }[] {
  if (!auth || typeof auth !== "object") return [];
  const out: { key: string; description: string }[] = [];
  const visit = (object: Record<string, unknown>, depth: number) => {
    for (const [field, value] of Object.entries(object)) {
      if (field.endsWith("Setting") && typeof value === "string")
        out.push({
          key: value,
          description: `Sign-in: ${field
            .slice(0, -"Setting".length)
            .replace(/([A-Z])/g, " $1")
            .toLowerCase()}`,
        });
      else if (depth === 0 && value && typeof value === "object" && !Array.isArray(value)) visit(value as Record<string, unknown>, 1);
    }
  };
  visit(auth as Record<string, unknown>, 0);
  return out;
}
