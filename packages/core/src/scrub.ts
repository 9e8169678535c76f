import { MIN_SECRET_LENGTH, redact } from "./redact.js";
import type { CommandResult } from "./result.js";

/**
 * The result with every known secret of the call replaced, in `data` (strings and keys, at any depth)
 * and in `markdown`: a provider may echo a token back in a successful answer. Nothing is copied when
 * the call had no secrets or none appears; only plain objects and arrays are walked.
 */
export function scrubResult(result: CommandResult, secrets: ReadonlySet<string>): CommandResult {
  const live = liveSecrets(secrets);
  if (live.length === 0) return result;
  const data = scrubValue(result.data, live);
  const markdown = typeof result.markdown === "string" ? redact(result.markdown, live) : result.markdown;
  if (data === result.data && markdown === result.markdown) return result;
  return { ...result, data, ...(markdown !== undefined ? { markdown } : {}) };
}

/** A value (an error's details, say) with every known secret replaced; the same value when none appears. */
export function scrubSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  const live = liveSecrets(secrets);
  return live.length === 0 ? value : (scrubValue(value, live) as T);
}

function liveSecrets(secrets: ReadonlySet<string>): string[] {
  if (secrets.size === 0) return [];
  return [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return secrets.some((s) => value.includes(s)) ? redact(value, secrets) : value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const scrubbed = scrubValue(item, secrets);
      if (scrubbed !== item) changed = true;
      return scrubbed;
    });
    return changed ? out : value;
  }
  if (typeof value === "object" && value !== null && isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const scrubbedKey = scrubValue(key, secrets) as string;
      const scrubbed = scrubValue(item, secrets);
      if (scrubbed !== item || scrubbedKey !== key) changed = true;
      // defineProperty, so a key named "__proto__" stays a plain key.
      Object.defineProperty(out, scrubbedKey, { value: scrubbed, enumerable: true, writable: true, configurable: true });
    }
    return changed ? out : value;
  }
  return value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
