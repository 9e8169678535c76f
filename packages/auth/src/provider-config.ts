import type { SettingsSource } from "@agx-ext/core/host";
import type { OAuth1Auth, OAuth2Auth, TokenParamValue } from "./declarations.js";
import { notConfigured } from "./errors.js";

/** `google-health` -> `GOOGLE_HEALTH`: the prefix of a provider's conventional override settings. */
export function settingPrefix(provider: string): string {
  return provider.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

function override(settings: SettingsSource, explicit: string | undefined, conventional: string): string | undefined {
  return (explicit ? settings.get(explicit) : undefined) ?? settings.get(conventional);
}

export interface OAuth2Endpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  userInfoUrl?: string;
}

/** Declared URLs, each overridable by a host-wide setting (tests, regional endpoints). */
export function oauth2Endpoints(provider: string, auth: OAuth2Auth, settings: SettingsSource): OAuth2Endpoints {
  const p = settingPrefix(provider);
  const revokeUrl = override(settings, auth.revokeUrlSetting, `${p}_REVOKE_URL`) ?? auth.revokeUrl;
  const userInfoUrl = auth.userInfo ? (override(settings, auth.userInfo.urlSetting, `${p}_USERINFO_URL`) ?? auth.userInfo.url) : undefined;
  return {
    authorizeUrl: override(settings, auth.authorizeUrlSetting, `${p}_AUTHORIZE_URL`) ?? auth.authorizeUrl,
    tokenUrl: override(settings, auth.tokenUrlSetting, `${p}_TOKEN_URL`) ?? auth.tokenUrl,
    ...(revokeUrl ? { revokeUrl } : {}),
    ...(userInfoUrl ? { userInfoUrl } : {}),
  };
}

export interface OAuth1Endpoints {
  requestTokenUrl: string;
  authorizeUrl: string;
  accessTokenUrl: string;
}

export function oauth1Endpoints(provider: string, auth: OAuth1Auth, settings: SettingsSource): OAuth1Endpoints {
  const p = settingPrefix(provider);
  return {
    requestTokenUrl: override(settings, auth.requestTokenUrlSetting, `${p}_REQUEST_TOKEN_URL`) ?? auth.requestTokenUrl,
    authorizeUrl: override(settings, auth.authorizeUrlSetting, `${p}_AUTHORIZE_URL`) ?? auth.authorizeUrl,
    accessTokenUrl: override(settings, auth.accessTokenUrlSetting, `${p}_ACCESS_TOKEN_URL`) ?? auth.accessTokenUrl,
  };
}

/** Client id and secret from host-wide settings; NOT_CONFIGURED naming what is missing. */
export function clientCredentials(provider: string, idSetting: string, secretSetting: string, settings: SettingsSource): { id: string; secret: string } {
  const id = settings.get(idSetting);
  const secret = settings.get(secretSetting);
  const missing = [...(id ? [] : [idSetting]), ...(secret ? [] : [secretSetting])];
  if (missing.length) throw notConfigured(provider, missing);
  return { id: id!, secret: secret! };
}

/** Extra token request parameters with setting-backed values read now; NOT_CONFIGURED naming unset settings. */
export function tokenParams(provider: string, params: Readonly<Record<string, TokenParamValue>> | undefined, settings: SettingsSource): Record<string, string> {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    const resolved = typeof value === "string" ? value : (settings.get(value.setting) ?? value.default);
    if (resolved === undefined || resolved === "") missing.push(typeof value === "string" ? name : value.setting);
    else out[name] = resolved;
  }
  if (missing.length) throw notConfigured(provider, missing);
  return out;
}
