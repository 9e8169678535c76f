import { createHash } from "node:crypto";
import { type EntityManager } from "@mikro-orm/core";
import { OAuthRecordEntity, type OAuthRecordRow } from "@agx-ext/services";

/** Models whose ids are names, not secrets. */
const PLAIN_ID_MODELS = new Set(["Grant", "Client"]);

/** Expired rows stay this long (a reused code still meets "already consumed" rather than "not found"), then go. */
const KEEP_EXPIRED_MS = 60 * 60 * 1000;

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** The row key of a model instance's id. */
function rowId(model: string, id: string): string {
  return PLAIN_ID_MODELS.has(model) ? id : sha256Hex(id);
}

/** oidc-provider payloads: JSON objects with a few fields this store indexes. */
export type Payload = Record<string, unknown> & { grantId?: string; accountId?: string; uid?: string; jti?: string; consumed?: number };

type Run = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

const READ_ONLY = { disableIdentityMap: true } as const;

/** A grant as the console and `agx grants` list it. */
export interface GrantSummary {
  id: string;
  userId: string;
  clientId: string;
  /** The client's registered name, when it gave one. */
  clientName?: string;
  createdAt: Date;
  expiresAt?: Date;
}

/** The records table; every operation is one statement or one transaction, so hosts sharing the database agree. */
export class OAuthRecordStore {
  constructor(
    private readonly transaction: Run,
    private readonly read: Run = transaction,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async upsert(model: string, id: string, payload: Payload, expiresInSeconds?: number): Promise<void> {
    const now = this.now();
    const stored = PLAIN_ID_MODELS.has(model) ? payload : withoutJti(payload);
    const row: OAuthRecordRow = {
      model,
      id: rowId(model, id),
      payload: JSON.stringify(stored),
      grantId: typeof payload.grantId === "string" ? payload.grantId : null,
      accountId: model === "Grant" && typeof payload.accountId === "string" ? payload.accountId : null,
      uid: typeof payload.uid === "string" ? payload.uid : null,
      expiresAt: typeof expiresInSeconds === "number" ? new Date(now.getTime() + expiresInSeconds * 1000) : null,
      consumedAt: null,
    };
    await this.transaction(async (em) => {
      // Each new interaction (one per authorization request) sweeps what expired a while ago.
      if (model === "Interaction") await em.nativeDelete(OAuthRecordEntity, { expiresAt: { $lt: new Date(now.getTime() - KEEP_EXPIRED_MS) } });
      await em.upsert(OAuthRecordEntity, row, {
        onConflictFields: ["model", "id"],
        onConflictAction: "merge",
        onConflictMergeFields: ["payload", "grantId", "accountId", "uid", "expiresAt"],
      });
    });
  }

  async find(model: string, id: string): Promise<Payload | undefined> {
    const row = await this.read((em) => em.findOne(OAuthRecordEntity, { model, id: rowId(model, id) }, READ_ONLY));
    return row ? payloadOf(row, id) : undefined;
  }

  async findByUid(model: string, uid: string): Promise<Payload | undefined> {
    const row = await this.read((em) => em.findOne(OAuthRecordEntity, { model, uid }, READ_ONLY));
    if (!row) return undefined;
    // The row holds only the id's hash; a session's payload keeps its own id under `jti`, which the
    // session model needs back, so sessions store it (their id is useless without the signed cookie).
    return payloadOf(row, undefined);
  }

  /**
   * Marks a code or refresh token used. Compare-and-set: of two requests presenting the same code at once
   * (on one host or two), only one marks it; the other is refused and the grant revoked, as for any reuse.
   * Returns false when it was used already.
   */
  async consume(model: string, id: string): Promise<boolean> {
    const changed = await this.transaction((em) =>
      em.nativeUpdate(OAuthRecordEntity, { model, id: rowId(model, id), consumedAt: null }, { consumedAt: this.now() }),
    );
    return changed === 1;
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.transaction((em) => em.nativeDelete(OAuthRecordEntity, { model, id: rowId(model, id) }));
  }

  /** Deletes every code and token issued under a grant (oidc-provider calls this per model; one statement does all). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.transaction((em) => em.nativeDelete(OAuthRecordEntity, { grantId, model: { $ne: "Grant" } }));
  }

  /** A user's grants that have not expired, newest first. */
  async grantsOf(userId: string): Promise<GrantSummary[]> {
    const now = this.now();
    const rows = await this.read((em) =>
      em.find(OAuthRecordEntity, { model: "Grant", accountId: userId, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }, READ_ONLY),
    );
    const clientIds = [...new Set(rows.map((row) => String((JSON.parse(row.payload) as Payload).clientId)))];
    const clients = clientIds.length ? await this.read((em) => em.find(OAuthRecordEntity, { model: "Client", id: { $in: clientIds } }, READ_ONLY)) : [];
    const names = new Map(clients.map((row) => [row.id, (JSON.parse(row.payload) as Payload).client_name]));
    return rows
      .map((row) => {
        const payload = JSON.parse(row.payload) as Payload;
        const clientId = String(payload.clientId);
        const name = names.get(clientId);
        return {
          id: row.id,
          userId,
          clientId,
          ...(typeof name === "string" && name ? { clientName: name } : {}),
          createdAt: new Date(Number(payload.iat) * 1000),
          ...(row.expiresAt ? { expiresAt: new Date(row.expiresAt) } : {}),
        };
      })
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** The user a grant belongs to, or undefined when there is no such grant. */
  async grantOwner(grantId: string): Promise<string | undefined> {
    const row = await this.read((em) => em.findOne(OAuthRecordEntity, { model: "Grant", id: grantId }, READ_ONLY));
    return row?.accountId ?? undefined;
  }

  /** Deletes a grant with every code and token issued under it, in one transaction; false when there was none. */
  async revokeGrant(grantId: string): Promise<boolean> {
    return this.transaction(async (em) => {
      const deleted = await em.nativeDelete(OAuthRecordEntity, { model: "Grant", id: grantId });
      await em.nativeDelete(OAuthRecordEntity, { grantId });
      return deleted > 0;
    });
  }
}

function withoutJti(payload: Payload): Payload {
  // Sessions are found by uid, without their id: they keep it (see findByUid).
  if (payload.kind === "Session") return payload;
  const { jti: _secret, ...rest } = payload;
  return rest;
}

function payloadOf(row: OAuthRecordRow, id: string | undefined): Payload {
  const payload = JSON.parse(row.payload) as Payload;
  if (id !== undefined && !PLAIN_ID_MODELS.has(row.model) && payload.jti === undefined) payload.jti = id;
  if (row.consumedAt) payload.consumed = Math.floor(new Date(row.consumedAt).getTime() / 1000);
  return payload;
}
