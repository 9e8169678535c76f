import type { TriggerManifest } from "./trigger-metadata.js";

/**
 * 2: `auth` holds the whole declaration, so the host's auth starts from manifests without importing the code.
 * A manifest of another version is read as absent: the host imports that package's code instead.
 */
export const MANIFEST_VERSION = 2;

export interface SettingManifest {
  key: string;
  required: boolean;
  secret: boolean;
  description?: string;
}

export interface CommandManifest {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  requires: string[];
  /** True when the command changes state; always true for a destructive command. */
  mutates: boolean;
  /*
   * The fields below are written by every build since the hints landed. A manifest from an older build lacks
   * them; the registry then falls back to the defaults (title = name, hints false, openWorld = has auth).
   */
  /** Human-readable title; the name unless the command sets one. */
  title?: string;
  destructive?: boolean;
  idempotent?: boolean;
  openWorld?: boolean;
  /** JSON Schema (draft 2020-12, zod's "output" view) of the result's `data`; absent when the command declares none. */
  outputSchema?: Record<string, unknown>;
}

/** An auth declaration as a manifest holds it. */
export interface ManifestAuth {
  readonly kind: string;
  readonly provider: string;
  readonly [key: string]: unknown;
}

/** What the host needs to list, describe and check an extension without importing its code. */
export interface ExtensionManifest {
  id: string;
  name: string;
  description: string;
  category?: string;
  settings: SettingManifest[];
  /**
   * The whole auth declaration as plain data, with its provider filled in (the extension id when it names none).
   * Listings read its kind and provider; the auth service module registers the provider from it, so an
   * extension with auth is not imported before its first call.
   */
  auth?: ManifestAuth;
  /** Number of database entities; an extension that has some is imported when the database starts. */
  entities: number;
  commands: CommandManifest[];
  /** Triggers (events subscribers can receive); absent when the extension declares none. */
  triggers?: TriggerManifest[];
}

/** The file a package's build writes and its package.json `agx.manifest` points to. */
export interface PackageManifest {
  manifestVersion: number;
  package: string;
  version: string;
  extensions: ExtensionManifest[];
}

/** True when two manifests describe the same extension (the stale-build check). */
export function sameManifest(a: ExtensionManifest, b: ExtensionManifest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
