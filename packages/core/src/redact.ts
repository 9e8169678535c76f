export const MIN_SECRET_LENGTH = 4;

/** Replaces every known secret value in a text; short values are ignored to avoid mangling prose. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join("[redacted]");
  }
  return out;
}
