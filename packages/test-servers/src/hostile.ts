/**
 * What a hostile provider does to otherwise correct answers: the ways real APIs misbehave that an extension
 * must survive without looping, crashing, leaking a secret or stalling the host.
 */
import type { FakeReply, FakeRequest } from "./provider.js";

export interface HostileMode {
  /** Only requests whose path matches (string: exact path, RegExp: test); default all. */
  path?: string | RegExp;
  /** Successful JSON replies always carry this page token at the dot path `field`, so a naive pager never stops. */
  repeatPageToken?: { field: string; token?: string };
  /**
   * Dot path of an array in JSON replies (`"$"` for a reply that is itself an array): null, a string, an
   * empty object and a wrongly typed copy of a real item are mixed in.
   */
  malformedItems?: string;
  /**
   * The request's secret (bearer token, else the Authorization header's credentials, else a secret form field)
   * comes back as top-level `echo` (object replies), and appended to every string value under these key
   * names, at any depth (array replies too).
   */
  echoSecrets?: { fields?: string[] };
  /** Answer this many milliseconds late. */
  delayMs?: number;
  /**
   * JSON object replies get a `padding` string of this many bytes, array replies an extra `{ padding }` item;
   * other replies become this many bytes of text.
   */
  hugeBodyBytes?: number;
  /** Destroy the connection without answering. */
  dropConnection?: boolean;
}

export const HOSTILE_PAGE_TOKEN = "hostile-page-token";

/** `malformedItems` path meaning the reply itself, for APIs that answer with a bare JSON array. */
const ROOT = "$";

const SECRET_FORM_FIELDS = ["client_secret", "refresh_token", "password", "code", "api_key"];

/** The secret a provider could echo back from this request, if it carried one. */
export function requestSecret(request: FakeRequest): string | undefined {
  if (request.token) return request.token;
  const credentials = request.headers.authorization?.split(/\s+/, 2)[1];
  if (credentials) return credentials;
  const body = request.body;
  if (body && typeof body === "object")
    for (const field of SECRET_FORM_FIELDS) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === "string" && value !== "") return value;
    }
  return undefined;
}

/** The reply as the hostile provider sends it. */
export function corruptReply(mode: HostileMode, request: FakeRequest, reply: FakeReply): FakeReply {
  let json: unknown = reply.json === undefined ? undefined : structuredClone(reply.json);
  if (!isRecord(json) && !Array.isArray(json)) return mode.hugeBodyBytes ? { ...reply, json: undefined, text: "x".repeat(mode.hugeBodyBytes) } : reply;
  const succeeded = (reply.status ?? 200) < 300;
  if (mode.repeatPageToken && succeeded && isRecord(json)) setPath(json, mode.repeatPageToken.field, mode.repeatPageToken.token ?? HOSTILE_PAGE_TOKEN);
  if (mode.malformedItems === ROOT && Array.isArray(json)) json = withMalformed(json);
  else if (mode.malformedItems && isRecord(json)) {
    const items = getPath(json, mode.malformedItems);
    if (Array.isArray(items)) setPath(json, mode.malformedItems, withMalformed(items));
  }
  const secret = mode.echoSecrets ? requestSecret(request) : undefined;
  if (secret !== undefined) {
    json = appendToFields(json, new Set(mode.echoSecrets?.fields ?? []), secret);
    if (isRecord(json)) json = { ...json, echo: secret };
  }
  if (mode.hugeBodyBytes) {
    const padding = "x".repeat(mode.hugeBodyBytes);
    json = Array.isArray(json) ? [...(json as unknown[]), { padding }] : { ...(json as Record<string, unknown>), padding };
  }
  return { ...reply, json };
}

export function hostileMatches(mode: HostileMode, path: string): boolean {
  if (mode.path === undefined) return true;
  return typeof mode.path === "string" ? mode.path === path : mode.path.test(path);
}

/** The real items with bad ones mixed in at the start, the middle and the end. */
function withMalformed(items: unknown[]): unknown[] {
  const broken = items.find(isRecord);
  const bad: unknown[] = [null, "garbage", {}, ...(broken ? [wronglyTyped(broken)] : [])];
  const middle = Math.floor(items.length / 2);
  return [bad[0], ...items.slice(0, middle), bad[1], bad[2], ...items.slice(middle), ...bad.slice(3)];
}

/** Every value replaced by one of another type, or a string nothing can parse. */
function wronglyTyped(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => {
      if (typeof value === "string") return [key, "\u0000not-a-valid-value"];
      if (typeof value === "number") return [key, "NaN"];
      if (typeof value === "boolean") return [key, "yes"];
      if (Array.isArray(value)) return [key, 42];
      if (isRecord(value)) return [key, "garbage"];
      return [key, { unexpected: true }];
    }),
  );
}

function appendToFields(value: unknown, fields: ReadonlySet<string>, secret: string): unknown {
  if (Array.isArray(value)) return value.map((item) => appendToFields(item, fields, secret));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      typeof inner === "string" && fields.has(key) ? `${inner} ${secret}` : appendToFields(inner, fields, secret),
    ]),
  );
}

function getPath(root: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), root);
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop()!;
  let node = root;
  for (const key of keys) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
