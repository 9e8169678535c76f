import { mikroOrm } from "@agx-ext/db";
import { AuthRefreshLease } from "./refresh-leases.js";

/** One user's connection to one account of a provider. Tokens are sealed; everything else is plain for listing. */
export interface ConnectionRow {
  id?: number;
  userId: string;
  provider: string;
  /** Which of the user's accounts at the provider: the account name the provider gave, a name the user chose, or "default". */
  label: string;
  /** The account calls use when they name none; one per (user, provider). */
  isDefault: boolean;
  kind: string;
  /**
   * "active", "degraded" (refreshes failing for now), "needs_reauth" (the grant is gone) or "unreadable" (recorded when
   * the vault first could not open the row); "broken" in older rows means needs_reauth.
   */
  status: string;
  /** Granted scopes, space separated. */
  scopes: string;
  expiresAt?: Date | null;
  account?: string | null;
  /** Why the status last changed (the column keeps its first name, from when the only other status was "broken"). */
  brokenReason?: string | null;
  statusChangedAt?: Date | null;
  /** When the current tokens were obtained (code exchange or refresh): the start of the token's lifetime. */
  refreshedAt?: Date | null;
  /** JSON `{ code, message, at }` of the last failed refresh; cleared by a successful one. */
  lastError?: string | null;
  /** Failed refreshes since the last success. */
  failures?: number | null;
  /** No refresh before this (the cooldown after a failure). */
  retryAt?: Date | null;
  /** AES-256-GCM sealed JSON of the tokens. */
  sealed: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A per-user secret (API key, password...) of one provider. */
export interface SecretRow {
  id?: number;
  userId: string;
  provider: string;
  name: string;
  sealed: string;
  updatedAt: Date;
}

/** A pending connect flow; the primary key is the SHA-256 of the state so the table never holds the state itself. */
export interface StateRow {
  id: string;
  userId: string;
  provider: string;
  /** Sealed JSON: PKCE verifier, redirect URI, OAuth 1.0a request token secret. */
  sealed: string;
  expiresAt: Date;
  usedAt?: Date | null;
  createdAt: Date;
}

export interface MetaRow {
  name: string;
  value: string;
}

export const AuthConnection = new mikroOrm.EntitySchema<ConnectionRow>({
  name: "AgxAuthConnection",
  tableName: "agx_auth_connections",
  // Several accounts per (user, provider). Databases made when the key was (user, provider) are upgraded by the
  // schema sync at start: it drops that unique index, adds `label` and `is_default` with their defaults (so every
  // existing row becomes its user's "default" and default account) and creates this one; nothing else is needed.
  uniques: [{ properties: ["userId", "provider", "label"] }],
  properties: {
    id: { type: "integer", primary: true, autoincrement: true },
    userId: { type: "string", length: 255, fieldName: "user_id" },
    provider: { type: "string", length: 100 },
    label: { type: "string", length: 255, default: "default" },
    isDefault: { type: "boolean", default: true, fieldName: "is_default" },
    kind: { type: "string", length: 20 },
    status: { type: "string", length: 20 },
    scopes: { type: "text" },
    expiresAt: { type: "datetime", nullable: true, fieldName: "expires_at" },
    account: { type: "string", length: 255, nullable: true },
    brokenReason: { type: "string", length: 500, nullable: true, fieldName: "broken_reason" },
    statusChangedAt: { type: "datetime", nullable: true, fieldName: "status_changed_at" },
    refreshedAt: { type: "datetime", nullable: true, fieldName: "refreshed_at" },
    lastError: { type: "text", nullable: true, fieldName: "last_error" },
    failures: { type: "integer", nullable: true },
    retryAt: { type: "datetime", nullable: true, fieldName: "retry_at" },
    sealed: { type: "text" },
    createdAt: { type: "datetime", fieldName: "created_at" },
    updatedAt: { type: "datetime", fieldName: "updated_at" },
  },
});

export const AuthSecret = new mikroOrm.EntitySchema<SecretRow>({
  name: "AgxAuthSecret",
  tableName: "agx_auth_secrets",
  uniques: [{ properties: ["userId", "provider", "name"] }],
  properties: {
    id: { type: "integer", primary: true, autoincrement: true },
    userId: { type: "string", length: 255, fieldName: "user_id" },
    provider: { type: "string", length: 100 },
    name: { type: "string", length: 200 },
    sealed: { type: "text" },
    updatedAt: { type: "datetime", fieldName: "updated_at" },
  },
});

export const AuthState = new mikroOrm.EntitySchema<StateRow>({
  name: "AgxAuthState",
  tableName: "agx_auth_states",
  properties: {
    id: { type: "string", length: 64, primary: true },
    userId: { type: "string", length: 255, fieldName: "user_id" },
    provider: { type: "string", length: 100 },
    sealed: { type: "text" },
    expiresAt: { type: "datetime", fieldName: "expires_at" },
    usedAt: { type: "datetime", nullable: true, fieldName: "used_at" },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});

export const AuthMeta = new mikroOrm.EntitySchema<MetaRow>({
  name: "AgxAuthMeta",
  tableName: "agx_auth_meta",
  properties: {
    name: { type: "string", length: 100, primary: true },
    value: { type: "text" },
  },
});

/** The vault's tables; the database module registers them as system entities (not user-scoped). */
export const authEntities = [AuthConnection, AuthSecret, AuthState, AuthMeta, AuthRefreshLease] as const;
