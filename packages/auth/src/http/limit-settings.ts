import { CommandError } from "@agx-ext/core";
import { type SettingsSource } from "@agx-ext/core/host";
import { settingPrefix } from "../provider-config.js";

/** Host-wide setting that sets every provider's per-attempt HTTP timeout. */
export const HTTP_TIMEOUT_SETTING = "AGX_HTTP_TIMEOUT_MS";

/** Host-wide setting that caps the bytes read from any one provider response. */
export const HTTP_MAX_BODY_SETTING = "AGX_HTTP_MAX_BODY_BYTES";

/**
 * The per-attempt timeout for a provider's requests: `<PROVIDER>_HTTP_TIMEOUT_MS`, else `AGX_HTTP_TIMEOUT_MS`,
 * else the module's policy. Lets operators shorten waits on a slow provider and tests cover one that hangs.
 */
export function httpTimeoutMs(provider: string, settings: SettingsSource, fallback: number): number {
  return positiveSetting(provider, [`${settingPrefix(provider)}_HTTP_TIMEOUT_MS`, HTTP_TIMEOUT_SETTING], settings, fallback, "milliseconds");
}

/**
 * The most bytes read from one response of a provider: `<PROVIDER>_HTTP_MAX_BODY_BYTES`, else
 * `AGX_HTTP_MAX_BODY_BYTES`, else the module's policy (10 MB). A provider that sends more cannot exhaust the host's memory.
 */
export function httpMaxBodyBytes(provider: string, settings: SettingsSource, fallback: number): number {
  return positiveSetting(provider, [`${settingPrefix(provider)}_HTTP_MAX_BODY_BYTES`, HTTP_MAX_BODY_SETTING], settings, fallback, "bytes");
}

/** The first of `names` that is set, as a positive number; NOT_CONFIGURED naming it when it is not one. */
function positiveSetting(provider: string, names: string[], settings: SettingsSource, fallback: number, unit: string): number {
  for (const name of names) {
    const raw = settings.get(name);
    if (raw === undefined || raw.trim() === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new CommandError("NOT_CONFIGURED", `${name} must be a positive number of ${unit}, got "${raw}".`, { details: { provider, invalid: [name] } });
    return value;
  }
  return fallback;
}
