import { createHash, randomBytes } from "node:crypto";
import { EntitySchema, type EntityManager } from "@mikro-orm/core";
import type { Database } from "@agx-ext/db";

/**
 * Connect links: single-use pages (`/connect/<token>`) where a person connects an account for an agx user.
 * Kept in the host database so every host sharing it can open a link another host made. Only the SHA-256
 * of a token is stored, so the table cannot be used to open a link.
 */
export interface ConnectLinkRow {
  /** SHA-256 (hex) of the token. */
  id: string;
  userId: string;
  /** Unset: the page lets the person choose among the host's OAuth providers. */
  provider?: string | null;
  /** Scope group names or scopes, comma separated (the authorize route's `?scopes=`). */
  scopes?: string | null;
  /** Where the browser goes after the provider answered (its origin was allowed when the link was made). */
  redirectUrl?: string | null;
  /** The caller whose key made the link. */
  createdBy: string;
  expiresAt: Date;
  /** Set when the page's Connect button started a flow: the link is used up. */
  usedAt?: Date | null;
  /** SHA-256 (hex) of the OAuth state the link started, so the callback finds the link's redirect_url. */
  flowId?: string | null;
  createdAt: Date;
}

export const ConnectLinkEntity = new EntitySchema<ConnectLinkRow>({
  name: "AgxConnectLink",
  tableName: "agx_connect_links",
  properties: {
    id: { type: "string", length: 64, primary: true },
    userId: { type: "string", length: 128, fieldName: "user_id" },
    provider: { type: "string", length: 100, nullable: true },
    scopes: { type: "text", nullable: true },
    redirectUrl: { type: "text", nullable: true, fieldName: "redirect_url" },
    createdBy: { type: "string", length: 128, fieldName: "created_by" },
    expiresAt: { type: "datetime", fieldName: "expires_at" },
    usedAt: { type: "datetime", nullable: true, fieldName: "used_at" },
    flowId: { type: "string", length: 64, nullable: true, index: true, fieldName: "flow_id" },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});

/** A link's lifetime: long enough to pass it on to a person, short enough that a forgotten one goes stale. */
const CONNECT_LINK_TTL_MS = 30 * 60 * 1000;
/** Old links are deleted a day after they expired, so "already used" / "expired" answers stay meaningful a while. */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

/** A token has this shape (base64url of 32 random bytes); anything else is not looked up at all. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface ConnectLink {
  userId: string;
  provider?: string;
  scopes?: string[];
  redirectUrl?: string;
  createdBy: string;
  expiresAt: Date;
  usedAt?: Date;
}

export interface NewConnectLink {
  userId: string;
  provider?: string | undefined;
  scopes?: readonly string[] | undefined;
  redirectUrl?: string | undefined;
  createdBy: string;
}

type Run = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

const READ_ONLY = { disableIdentityMap: true } as const;

/** Connect links in the host database; every operation is a single statement, so hosts sharing it agree. */
export class ConnectLinkStore {
  constructor(
    private readonly transaction: Run,
    private readonly read: Run = transaction,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new link's token (shown once, in its URL) and expiry. */
  async create(link: NewConnectLink): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = new Date(now.getTime() + CONNECT_LINK_TTL_MS);
    const row: ConnectLinkRow = {
      id: hashOf(token),
      userId: link.userId,
      provider: link.provider ?? null,
      scopes: link.scopes?.length ? link.scopes.join(",") : null,
      redirectUrl: link.redirectUrl ?? null,
      createdBy: link.createdBy,
      expiresAt,
      usedAt: null,
      flowId: null,
      createdAt: now,
    };
    await this.transaction(async (em) => {
      await em.nativeDelete(ConnectLinkEntity, { expiresAt: { $lt: new Date(now.getTime() - KEEP_EXPIRED_MS) } });
      await em.insert(ConnectLinkEntity, row);
    });
    return { token, expiresAt };
  }

  /** The link of a token (used or expired ones too: the page says which), or undefined. */
  async find(token: string): Promise<ConnectLink | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const row = await this.read((em) => em.findOne(ConnectLinkEntity, { id: hashOf(token) }, READ_ONLY));
    return row ? linkOf(row) : undefined;
  }

  /** Uses the link up for the flow with this OAuth state; true only for the one caller that got it first. */
  async claim(token: string, state: string): Promise<boolean> {
    const now = this.now();
    const changed = await this.transaction((em) =>
      em.nativeUpdate(ConnectLinkEntity, { id: hashOf(token), usedAt: null, expiresAt: { $gt: now } }, { usedAt: now, flowId: hashOf(state) }),
    );
    return changed === 1;
  }

  /** The link that started the flow with this OAuth state, if a link did. */
  async byState(state: string): Promise<ConnectLink | undefined> {
    const row = await this.read((em) => em.findOne(ConnectLinkEntity, { flowId: hashOf(state) }, READ_ONLY));
    return row ? linkOf(row) : undefined;
  }
}

function linkOf(row: ConnectLinkRow): ConnectLink {
  return {
    userId: row.userId,
    createdBy: row.createdBy,
    expiresAt: new Date(row.expiresAt),
    ...(row.provider ? { provider: row.provider } : {}),
    ...(row.scopes ? { scopes: row.scopes.split(",") } : {}),
    ...(row.redirectUrl ? { redirectUrl: row.redirectUrl } : {}),
    ...(row.usedAt ? { usedAt: new Date(row.usedAt) } : {}),
  };
}

/** The connect link store of a host, its table registered: call before the host starts (the schema sync creates it). */
export function attachConnectLinks(database: Pick<Database, "registerSystemEntities" | "transaction" | "read">): ConnectLinkStore {
  database.registerSystemEntities([ConnectLinkEntity]);
  return new ConnectLinkStore(
    (fn) => database.transaction(fn),
    (fn) => database.read(fn),
  );
}
