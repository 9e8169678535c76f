import type { Logger, SettingsSource } from "@agx-ext/core";
import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { HttpPolicy } from "./http/client.js";

/** The database handle the module needs: @agx-ext/db's Database satisfies it. */
export interface AuthDatabase {
  readonly dialect: "sqlite" | "postgresql";
  readonly orm: MikroORM;
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  registerSystemEntities(entities: readonly unknown[]): void;
}

export interface AuthModuleOptions {
  database: AuthDatabase;
  /** Host-wide settings: client ids and secrets, URL overrides, host-wide API keys. */
  settings: SettingsSource;
  /** The host directory: the generated key lives in `<hostDir>/.agx/secret.key`. */
  hostDir: string;
  /** AGX_SECRET_KEY; when empty the host's key file is used (and created on first run). */
  secretKey?: string;
  /** AGX_PUBLIC_URL: redirect URIs are `<publicUrl>/oauth/<provider>/callback`. */
  publicUrl?: string;
  logger?: Logger;
  http?: Partial<HttpPolicy>;
  /** Refresh this many seconds before expiry; default 60. */
  refreshSkewSeconds?: number;
  /** Lifetime of a connect flow's state; default 600 (10 minutes). */
  stateTtlSeconds?: number;
  now?: () => Date;
}
