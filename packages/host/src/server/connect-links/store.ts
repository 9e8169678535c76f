import { createHash, randomBytes } from "node:crypto";
import { type EntityManager } from "@mikro-orm/core";
import type { Database } from "@agx-ext/db";
import { ConnectLinkEntity, type ConnectLinkRow } from "@agx-ext/services";

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
