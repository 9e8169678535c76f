import { CommandError, type SettingsSource } from "@agx-ext/core";
import { settingPrefix } from "../provider-config.js";

/** Host-wide setting that sets every provider's per-attempt HTTP timeout. */
export const HTTP_TIMEOUT_SETTING = "AGX_HTTP_TIMEOUT_MS";

/**
 * The per-attempt timeout for a provider's requests: `<PROVIDER>_HTTP_TIMEOUT_MS`, else `AGX_HTTP_TIMEOUT_MS`,
 * else the module's policy. Lets operators shorten waits on a slow provider and tests cover one that hangs.
 */
export function httpTimeoutMs(provider: string, settings: SettingsSource, fallback: number): number {
  for (const name of [`${settingPrefix(provider)}_HTTP_TIMEOUT_MS`, HTTP_TIMEOUT_SETTING]) {
    const raw = settings.get(name);
    if (raw === undefined || raw.trim() === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new CommandError("NOT_CONFIGURED", `${name} must be a positive number of milliseconds, got "${raw}".`, { details: { provider, invalid: [name] } });
    return value;
  }
  return fallback;
}
