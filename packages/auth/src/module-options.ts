import type { Logger } from "@agx-ext/core";
import type { SettingsSource } from "@agx-ext/core/host";
import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { HttpPolicy } from "./http/client.js";

/** The database handle the module needs: @agx-ext/db's Database satisfies it. */
export interface AuthDatabase {
  readonly dialect: "sqlite" | "postgresql";
  readonly orm: MikroORM;
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** `migrations`: the package and folder whose migrations create these tables. */
  registerSystemEntities(entities: readonly unknown[], migrations?: { package: string; folder: string }): void;
}

export interface AuthModuleOptions {
  database: AuthDatabase;
  /** Host-wide settings: client ids and secrets, URL overrides, host-wide API keys. */
  settings: SettingsSource;
  /** The host directory: the generated key lives in `<hostDir>/.agx/secret.key`. */
  hostDir: string;
  /** AGX_SECRET_KEY; when empty the host's key file is used (and created on first run). */
  secretKey?: string;
  /** AGX_SECRET_KEY_PREVIOUS: older keys (comma separated) that values sealed before a rotation still open with. */
  previousSecretKeys?: string;
  /** AGX_PUBLIC_URL: redirect URIs are `<publicUrl>/oauth/<provider>/callback`. */
  publicUrl?: string;
  logger?: Logger;
  http?: Partial<HttpPolicy>;
  /** The largest refresh margin: tokens are refreshed min(this, 10 % of their lifetime), plus jitter, before expiry; default 60. */
  refreshSkewSeconds?: number;
  /** After a failed refresh, calls get the stored error for this long before the provider is asked again; default 30. */
  refreshCooldownSeconds?: number;
  /** Source of the refresh margin's jitter, in [0, 1); default Math.random. */
  random?: () => number;
  /** Lifetime of a connect flow's state; default 600 (10 minutes). */
  stateTtlSeconds?: number;
  now?: () => Date;
}
