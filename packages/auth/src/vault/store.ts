import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { DEFAULT_ACCOUNT } from "../accounts.js";
import { unreadableReason } from "../errors.js";
import { VaultCipher, VaultKeyError } from "./cipher.js";
import type { RefreshLeases } from "./refresh-leases.js";
import { rotateVault, type RotationReport } from "./rotation.js";
import { aad, stateAad, stateId } from "./sealing.js";
import { AuthConnection, AuthMeta, AuthSecret, AuthState, type ConnectionRow } from "./entities.js";

/** Tokens of a connection; only ever stored sealed. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  /** OAuth 1.0a token secret. */
  tokenSecret?: string;
}

/** A stored connection's status; `refreshing` is never stored (a refresh in flight is only known in memory). */
type StoredStatus = "active" | "degraded" | "needs_reauth" | "unreadable";

/** The last failed refresh: what callers get during the cooldown. */
export interface RefreshFailure {
  code: string;
  message: string;
  at: Date;
}

/** A status change written without touching the tokens, so it cannot undo tokens saved meanwhile. */
export interface StatusChange {
  status: StoredStatus;
  reason: string;
  at: Date;
  lastError?: RefreshFailure | undefined;
  failures?: number;
  retryAt?: Date | undefined;
}

export interface StoredConnection {
  userId: string;
  provider: string;
  /** Which of the user's accounts at the provider ("default" when it has no name). */
  label: string;
  /** The account calls use when they name none. */
  isDefault: boolean;
  kind: string;
  status: StoredStatus;
  scopes: string[];
  expiresAt?: Date;
  account?: string;
  /** Why the status last changed. */
  statusReason?: string | undefined;
  statusChangedAt?: Date | undefined;
  /** When the current tokens were obtained: the start of the access token's lifetime. */
  refreshedAt?: Date | undefined;
  lastError?: RefreshFailure | undefined;
  /** Failed refreshes since the last success. */
  failures?: number;
  /** No refresh before this: the cooldown after a failure. */
  retryAt?: Date | undefined;
  tokens: TokenSet;
  createdAt: Date;
  updatedAt: Date;
  /**
   * The status the row records, when the row reads otherwise: an unreadable row not yet recorded as such, or a row
   * recorded unreadable that opens again. Lets the first reader record (and notify) the change.
   */
  recordedStatus?: string;
}

/** A connection as listed (no tokens). */
export type DescribedConnection = Omit<StoredConnection, "tokens">;

/** A connection to save: which account it is (the default one is decided by the store). */
export type ConnectionToSave = Omit<StoredConnection, "createdAt" | "updatedAt" | "isDefault" | "recordedStatus">;

export interface StoredSecretName {
  userId: string;
  provider: string;
  name: string;
  updatedAt: Date;
  readable: boolean;
  /** For an unreadable value sealed under a key this host does not have: that key's id. */
  unknownKeyId?: string;
}

/** What a pending connect flow remembers between begin and complete. */
export interface PendingFlow {
  userId: string;
  provider: string;
  redirectUri: string;
  expiresAt: Date;
  usedAt?: Date;
  codeVerifier?: string;
  /** The scopes this flow asked for (a subset when the user picked scope groups). */
  scopes?: string[];
  /** OAuth 1.0a request token and its secret. */
  requestToken?: string;
  requestTokenSecret?: string;
}

/** Persistence of the vault. The MikroORM implementation below is the one the host uses. */
export interface VaultStore {
  /**
   * With its tokens; throws VaultKeyError when they do not open with the current key. `label` names the account;
   * without it, the user's default account of the provider.
   */
  getConnection(userId: string, provider: string, label?: string): Promise<StoredConnection | undefined>;
  /** Without its tokens (status, scopes, expiry), for listings and checks; never throws for an unreadable row. */
  describeConnection(userId: string, provider: string, label?: string): Promise<DescribedConnection | undefined>;
  /** Inserts or replaces the account's connection; the first account of a (user, provider) becomes the default. */
  saveConnection(connection: ConnectionToSave): Promise<void>;
  /** Changes the status (and its reason, last error, cooldown) only, never the tokens. */
  setStatus(userId: string, provider: string, label: string, change: StatusChange): Promise<void>;
  /** Removes one account; when it was the default, the oldest remaining account becomes the default. */
  deleteConnection(userId: string, provider: string, label: string): Promise<boolean>;
  /** Makes an account the user's default for the provider; false when the user has no such account. */
  setDefault(userId: string, provider: string, label: string): Promise<boolean>;
  /** Connections without their tokens, for listings; a row that does not open with the current key is listed unreadable. */
  listConnections(userId?: string): Promise<DescribedConnection[]>;
  putFlow(state: string, flow: PendingFlow): Promise<void>;
  getFlow(state: string): Promise<PendingFlow | undefined>;
  /** Marks the flow used; true only for the one caller that got it first. */
  claimFlow(state: string, now: Date): Promise<boolean>;
  /** Throws VaultKeyError when the value does not open with the current key. */
  getSecret(userId: string, provider: string, name: string): Promise<string | undefined>;
  /** The stored ones among `names`, read in one query; values that do not open with the current key are left out. */
  getSecrets(userId: string, provider: string, names: readonly string[]): Promise<Record<string, string>>;
  setSecret(userId: string, provider: string, name: string, value: string): Promise<void>;
  deleteSecret(userId: string, provider: string, name?: string): Promise<number>;
  /** Names of stored secrets (never values); `readable` is false for a value that does not open with the current key. */
  listSecrets(userId?: string): Promise<StoredSecretName[]>;
  /**
   * Runs `task` holding the refresh lock of one account across processes (PostgreSQL: advisory lock, and `task`
   * gets a store bound to the locked transaction; SQLite: a lease row, see RefreshLeases).
   */
  withRefreshLock<T>(userId: string, provider: string, label: string, task: (store: VaultStore) => Promise<T>): Promise<T>;
}

const KEY_CHECK = "key-check";
const KEY_CHECK_TEXT = "agx vault key check";

/** The part of @agx-ext/db's Database the vault needs. */
export interface VaultDatabase {
  readonly dialect: "sqlite" | "postgresql";
  readonly orm: MikroORM;
  /** A transaction on an unscoped EntityManager; joins the command call's transaction when there is one. */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

type Runner = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

export class MikroOrmVaultStore implements VaultStore {
  private readonly run: Runner;

  constructor(
    private readonly database: VaultDatabase,
    private readonly cipher: VaultCipher,
    run?: Runner,
    private readonly locked = false,
    /** SQLite's cross-process refresh lock; without it, refreshes are single-flight within this process only. */
    private readonly leases?: RefreshLeases,
  ) {
    this.run = run ?? ((fn) => database.transaction(fn));
  }

  /**
   * Refuses to start with keys that do not include the one the vault was written with (the current key or one
   * of the previous keys); records the key on first use.
   */
  async checkKey(): Promise<void> {
    const read = () => this.run((em) => em.findOne(AuthMeta, { name: KEY_CHECK }, { disableIdentityMap: true }));
    let row = await read();
    if (!row) {
      // Two hosts starting on one new database race here: the loser checks the winner's key instead.
      const written = await this.run((em) => em.insert(AuthMeta, { name: KEY_CHECK, value: this.cipher.seal(KEY_CHECK_TEXT, KEY_CHECK) })).then(
        () => true,
        () => false,
      );
      if (written) return;
      row = await read();
      if (!row) throw new Error("cannot record the vault key check in the database");
    }
    try {
      if (this.cipher.open(row.value, KEY_CHECK) === KEY_CHECK_TEXT) return;
    } catch (error) {
      if (!(error instanceof VaultKeyError)) throw error;
    }
    throw new Error(
      "The token vault was written with a different AGX_SECRET_KEY: set the key it was created with (or remove .agx/secret.key only if you also clear the vault tables).",
    );
  }

  async getConnection(userId: string, provider: string, label?: string): Promise<StoredConnection | undefined> {
    const row = await this.run((em) => findConnectionRow(em, userId, provider, label));
    if (!row) return undefined;
    const tokens = JSON.parse(this.cipher.open(row.sealed, aad("connection", userId, provider))) as TokenSet;
    return { ...this.describeRow(row), tokens };
  }

  async describeConnection(userId: string, provider: string, label?: string): Promise<DescribedConnection | undefined> {
    const row = await this.run((em) => findConnectionRow(em, userId, provider, label));
    return row ? this.describe(row) : undefined;
  }

  async saveConnection(connection: ConnectionToSave): Promise<void> {
    const now = new Date();
    const { userId, provider, label } = connection;
    const data = {
      userId,
      provider,
      label,
      kind: connection.kind,
      status: connection.status,
      scopes: connection.scopes.join(" "),
      expiresAt: connection.expiresAt ?? null,
      account: connection.account ?? null,
      brokenReason: connection.statusReason?.slice(0, 500) ?? null,
      statusChangedAt: connection.statusChangedAt ?? now,
      refreshedAt: connection.refreshedAt ?? now,
      lastError: connection.lastError ? JSON.stringify(connection.lastError) : null,
      failures: connection.failures ?? 0,
      retryAt: connection.retryAt ?? null,
      // The row binding leaves the label out: rows made before labels existed must still open, and the label is a
      // plain column anyway (binding it would not stop a swap of two accounts' rows by someone who can write both).
      sealed: this.cipher.seal(JSON.stringify(connection.tokens), aad("connection", userId, provider)),
      createdAt: now,
      updatedAt: now,
    };
    await this.run(async (em) => {
      // The first account a user connects for a provider is their default; replacing an account keeps its flag.
      // Two first accounts connected at the same moment may both be flagged: reads then take the older one.
      const others = await em.count(AuthConnection, { userId, provider, label: { $ne: label } });
      await em.upsert(
        AuthConnection,
        { ...data, isDefault: others === 0 },
        { onConflictFields: ["userId", "provider", "label"], onConflictExcludeFields: ["createdAt", "isDefault"] },
      );
    });
  }

  async setStatus(userId: string, provider: string, label: string, change: StatusChange): Promise<void> {
    const row = {
      status: change.status,
      brokenReason: change.reason.slice(0, 500),
      statusChangedAt: change.at,
      lastError: change.lastError ? JSON.stringify(change.lastError) : null,
      failures: change.failures ?? 0,
      retryAt: change.retryAt ?? null,
      updatedAt: new Date(),
    };
    await this.run((em) => em.nativeUpdate(AuthConnection, { userId, provider, label }, row));
  }

  async deleteConnection(userId: string, provider: string, label: string): Promise<boolean> {
    return this.run(async (em) => {
      const row = await em.findOne(AuthConnection, { userId, provider, label }, { disableIdentityMap: true });
      if (!row) return false;
      await em.nativeDelete(AuthConnection, { id: row.id });
      if (row.isDefault) {
        const next = await em.findOne(AuthConnection, { userId, provider }, { orderBy: { id: "asc" }, disableIdentityMap: true });
        if (next) await em.nativeUpdate(AuthConnection, { id: next.id }, { isDefault: true });
      }
      return true;
    });
  }

  async setDefault(userId: string, provider: string, label: string): Promise<boolean> {
    return this.run(async (em) => {
      if (!(await em.count(AuthConnection, { userId, provider, label }))) return false;
      await em.nativeUpdate(AuthConnection, { userId, provider, label: { $ne: label } }, { isDefault: false });
      await em.nativeUpdate(AuthConnection, { userId, provider, label }, { isDefault: true });
      return true;
    });
  }

  async listConnections(userId?: string): Promise<DescribedConnection[]> {
    const rows = await this.run((em) =>
      em.find(AuthConnection, userId === undefined ? {} : { userId }, {
        orderBy: { userId: "asc", provider: "asc", isDefault: "desc", id: "asc" },
        disableIdentityMap: true,
      }),
    );
    return rows.map((row) => this.describe(row));
  }

  async putFlow(state: string, flow: PendingFlow): Promise<void> {
    const id = stateId(state);
    const { userId, provider, expiresAt, ...secretPart } = flow;
    const row = {
      id,
      userId,
      provider,
      expiresAt,
      usedAt: null,
      createdAt: new Date(),
      sealed: this.cipher.seal(JSON.stringify(secretPart), stateAad(id)),
    };
    await this.run(async (em) => {
      // Old flows are useless after their expiry; a day of grace keeps "already used" answers meaningful.
      await em.nativeDelete(AuthState, { expiresAt: { $lt: new Date(Date.now() - 86_400_000) } });
      await em.insert(AuthState, row);
    });
  }

  async getFlow(state: string): Promise<PendingFlow | undefined> {
    const id = stateId(state);
    const row = await this.run((em) => em.findOne(AuthState, { id }, { disableIdentityMap: true }));
    if (!row) return undefined;
    const secretPart = JSON.parse(this.cipher.open(row.sealed, stateAad(id))) as Omit<PendingFlow, "userId" | "provider" | "expiresAt">;
    return {
      ...secretPart,
      userId: row.userId,
      provider: row.provider,
      expiresAt: new Date(row.expiresAt),
      ...(row.usedAt ? { usedAt: new Date(row.usedAt) } : {}),
    };
  }

  async claimFlow(state: string, now: Date): Promise<boolean> {
    return (await this.run((em) => em.nativeUpdate(AuthState, { id: stateId(state), usedAt: null }, { usedAt: now }))) === 1;
  }

  async getSecret(userId: string, provider: string, name: string): Promise<string | undefined> {
    const row = await this.run((em) => em.findOne(AuthSecret, { userId, provider, name }, { disableIdentityMap: true }));
    return row ? this.cipher.open(row.sealed, aad("secret", userId, provider, name)) : undefined;
  }

  async getSecrets(userId: string, provider: string, names: readonly string[]): Promise<Record<string, string>> {
    if (!names.length) return {};
    const rows = await this.run((em) => em.find(AuthSecret, { userId, provider, name: { $in: [...names] } }, { disableIdentityMap: true }));
    const values = rows.map((row) => [row.name, this.tryOpen(row.sealed, aad("secret", userId, provider, row.name))] as const);
    return Object.fromEntries(values.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
  }

  async listSecrets(userId?: string): Promise<StoredSecretName[]> {
    const rows = await this.run((em) =>
      em.find(AuthSecret, userId === undefined ? {} : { userId }, { orderBy: { userId: "asc", provider: "asc", name: "asc" }, disableIdentityMap: true }),
    );
    return rows.map((r) => {
      const readable = this.tryOpen(r.sealed, aad("secret", r.userId, r.provider, r.name)) !== undefined;
      const unknownKeyId = readable ? undefined : this.unknownKeyOf(r.sealed);
      return { userId: r.userId, provider: r.provider, name: r.name, updatedAt: new Date(r.updatedAt), readable, ...(unknownKeyId ? { unknownKeyId } : {}) };
    });
  }

  async setSecret(userId: string, provider: string, name: string, value: string): Promise<void> {
    const data = { userId, provider, name, sealed: this.cipher.seal(value, aad("secret", userId, provider, name)), updatedAt: new Date() };
    await this.run((em) => em.upsert(AuthSecret, data, { onConflictFields: ["userId", "provider", "name"] }));
  }

  async deleteSecret(userId: string, provider: string, name?: string): Promise<number> {
    return this.run((em) => em.nativeDelete(AuthSecret, name === undefined ? { userId, provider } : { userId, provider, name }));
  }

  async withRefreshLock<T>(userId: string, provider: string, label: string, task: (store: VaultStore) => Promise<T>): Promise<T> {
    if (this.locked) return task(this);
    if (this.database.dialect !== "postgresql")
      return this.leases ? this.leases.hold(`${userId}\u0000${provider}\u0000${label}`, () => task(this)) : task(this);
    // Its own transaction, never the command call's: saved tokens must survive a call that fails.
    return this.database.orm.em.fork({ clear: true, useContext: false }).transactional(async (tx) => {
      // Held until commit, so a second host waits, then reads the tokens the first one saved. Rows made before
      // labels existed are "default", so their key ends the same way for every version that labels them.
      const key = `agx-auth:${userId}:${provider}:${label}`;
      await tx.getConnection().execute("select pg_advisory_xact_lock(hashtext(?))", [key], "all", tx.getTransactionContext());
      return task(new MikroOrmVaultStore(this.database, this.cipher, (fn) => fn(tx), true));
    });
  }

  /** The id of the key a value was sealed under, when the host does not have that key. */
  private unknownKeyOf(sealed: string): string | undefined {
    const id = VaultCipher.keyIdOf(sealed);
    return id !== undefined && id !== this.cipher.currentKeyId && !this.cipher.hasKey(id) ? id : undefined;
  }

  /**
   * Re-seals every value not under the current key, `batchSize` rows per transaction; resumable and safe while
   * other hosts serve (see rotateVault).
   */
  rotate(batchSize: number, onBatch?: (report: RotationReport) => void): Promise<RotationReport> {
    return rotateVault(this.run, this.cipher, batchSize, onBatch);
  }

  /** The plaintext, or undefined when the value does not open with the current key (another key, or altered). */
  private tryOpen(sealed: string, associatedData: string): string | undefined {
    try {
      return this.cipher.open(sealed, associatedData);
    } catch (error) {
      if (error instanceof VaultKeyError) return undefined;
      throw error;
    }
  }

  private describe(row: ConnectionRow): DescribedConnection {
    // Opening the seal (AES-GCM, microseconds) is the only way to know the row is still usable under this key.
    if (this.tryOpen(row.sealed, aad("connection", row.userId, row.provider)) === undefined) {
      const { recordedStatus: _opensAgain, ...described } = this.describeRow(row);
      const recorded = row.status === "unreadable" ? {} : { recordedStatus: row.status };
      return { ...described, status: "unreadable", statusReason: unreadableReason(row.provider, this.unknownKeyOf(row.sealed)), ...recorded };
    }
    return this.describeRow(row);
  }

  private describeRow(row: ConnectionRow): DescribedConnection {
    return {
      userId: row.userId,
      provider: row.provider,
      label: row.label ?? DEFAULT_ACCOUNT,
      isDefault: Boolean(row.isDefault),
      kind: row.kind,
      status: storedStatus(row.status),
      scopes: row.scopes ? row.scopes.split(" ").filter(Boolean) : [],
      ...(row.expiresAt ? { expiresAt: new Date(row.expiresAt) } : {}),
      ...(row.account ? { account: row.account } : {}),
      ...(row.brokenReason ? { statusReason: row.brokenReason } : {}),
      ...(row.statusChangedAt ? { statusChangedAt: new Date(row.statusChangedAt) } : {}),
      ...(row.refreshedAt ? { refreshedAt: new Date(row.refreshedAt) } : {}),
      ...(row.lastError ? { lastError: parseFailure(row.lastError) } : {}),
      failures: row.failures ?? 0,
      ...(row.retryAt ? { retryAt: new Date(row.retryAt) } : {}),
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
      // A row recorded unreadable that opens again (its key is back): active until its next change is written.
      ...(row.status === "unreadable" ? { recordedStatus: row.status } : {}),
    };
  }
}

/** One account's row; without a label, the user's default account (the flagged one, else the oldest). */
function findConnectionRow(em: EntityManager, userId: string, provider: string, label: string | undefined): Promise<ConnectionRow | null> {
  if (label !== undefined) return em.findOne(AuthConnection, { userId, provider, label }, { disableIdentityMap: true });
  return em.findOne(AuthConnection, { userId, provider }, { orderBy: { isDefault: "desc", id: "asc" }, disableIdentityMap: true });
}

/** A row's status; "broken" (written before the states existed) meant the grant was gone. */
function storedStatus(status: string): StoredStatus {
  if (status === "degraded" || status === "needs_reauth") return status;
  return status === "broken" ? "needs_reauth" : "active";
}

function parseFailure(text: string): RefreshFailure | undefined {
  try {
    const value = JSON.parse(text) as { code?: unknown; message?: unknown; at?: unknown };
    if (typeof value.code !== "string" || typeof value.message !== "string") return undefined;
    return { code: value.code, message: value.message, at: new Date(typeof value.at === "string" ? value.at : 0) };
  } catch {
    return undefined;
  }
}
