export const MANIFEST_VERSION = 1;

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
  mutates: boolean;
}

/** What the host needs to list, describe and check an extension without importing its code. */
export interface ExtensionManifest {
  id: string;
  name: string;
  description: string;
  category?: string;
  settings: SettingManifest[];
  /** The auth declaration as plain data (its kind and provider matter to listings). */
  auth?: { kind: string; provider: string };
  /** Number of database entities; an extension that has some is imported when the database starts. */
  entities: number;
  commands: CommandManifest[];
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
