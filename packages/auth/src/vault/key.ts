import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Where the embedded default keeps its generated key, relative to the host directory. */
export const SECRET_KEY_FILE = join(".agx", "secret.key");

const KEY_HELP = "AGX_SECRET_KEY must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)";

/** Reads a key written as 64 hex characters or base64 / base64url of 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, "base64url");
    if (key.length === 32) return key;
  }
  throw new Error(`${KEY_HELP}; the value given is not.`);
}

export interface KeySource {
  /** AGX_SECRET_KEY when set. */
  secretKey?: string;
  /** Host directory; without AGX_SECRET_KEY the key lives in `<hostDir>/.agx/secret.key`, made on first run. */
  hostDir: string;
}

/** The vault key: AGX_SECRET_KEY, else the host's key file, generated with owner-only permissions on first run. */
export async function loadSecretKey(source: KeySource): Promise<{ key: Buffer; origin: "env" | "file" | "generated"; file?: string }> {
  if (source.secretKey?.trim()) return { key: parseSecretKey(source.secretKey), origin: "env" };
  const file = join(source.hostDir, SECRET_KEY_FILE);
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new Error(`cannot read the vault key ${file}: ${error.message}`);
  });
  if (existing !== undefined) {
    const mode = (await stat(file)).mode & 0o077;
    if (mode !== 0) await chmod(file, 0o600); // keep it owner-only even if someone loosened it
    try {
      return { key: parseSecretKey(existing), origin: "file", file };
    } catch {
      throw new Error(`the vault key file ${file} is damaged: it must hold 32 bytes as hex or base64.`);
    }
  }
  await mkdir(join(source.hostDir, ".agx"), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  return (await placeNewKeyFile(file, key)) ? { key, origin: "generated", file } : loadSecretKey(source); // theirs
}

/**
 * Puts a new key file in place whole, or returns false when another process made one first. The key is written
 * to a file of this process's own, then linked under the real name, which fails if that name exists: a process
 * starting at the same moment never reads a file that is still being written (it would take it for damaged).
 */
async function placeNewKeyFile(file: string, key: Buffer): Promise<boolean> {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.new`;
  await writeFile(draft, key.toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * AGX_SECRET_KEY_PREVIOUS: older keys separated by commas, each like AGX_SECRET_KEY (empty entries are ignored);
 * an entry that is not a key is named by position, never quoted.
 */
export function parsePreviousKeys(text: string | undefined): Buffer[] {
  const entries = (text ?? "").split(",").map((entry) => entry.trim());
  return entries.flatMap((entry, i) => {
    if (entry === "") return [];
    try {
      return [parseSecretKey(entry)];
    } catch {
      throw new Error(`AGX_SECRET_KEY_PREVIOUS entry ${i + 1} is not a key: each must be 32 bytes as 64 hex characters or base64, separated by commas.`);
    }
  });
}
