import { randomBytes } from "node:crypto";
import { type EntityManager } from "@mikro-orm/core";
import { sha256 } from "./sessions.js";
import { LoginLinkEntity } from "@agx-ext/services";

/** A sign-in link's lifetime: long enough to open it from a chat message, short enough to go stale unused. */
export const LOGIN_LINK_TTL_MS = 10 * 60 * 1000;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

type Run = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

/** The address a sign-in link is opened at: the token in the fragment never reaches access logs or a Referer. */
export function loginLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/sign-in#token=${token}`;
}

export class LoginLinkStore {
  constructor(
    private readonly transaction: Run,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** A new link's token (shown once) and expiry. The caller checks that the user exists and is active. */
  async create(userId: string, createdBy: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = new Date(now.getTime() + LOGIN_LINK_TTL_MS);
    await this.transaction(async (em) => {
      await em.nativeDelete(LoginLinkEntity, { expiresAt: { $lt: now } });
      await em.insert(LoginLinkEntity, { id: sha256(token), userId, createdBy, expiresAt, usedAt: null, createdAt: now });
    });
    return { token, expiresAt };
  }

  /**
   * Uses a link up and returns its user; undefined for an unknown, used or expired token. One conditional
   * update: of two hosts redeeming the same token at once, only one gets the user.
   */
  async redeem(token: string): Promise<string | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const id = sha256(token);
    const now = this.now();
    return this.transaction(async (em) => {
      const changed = await em.nativeUpdate(LoginLinkEntity, { id, usedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
      if (changed !== 1) return undefined;
      const row = await em.findOne(LoginLinkEntity, { id }, { disableIdentityMap: true });
      return row?.userId;
    });
  }

  /** Removes expired links; returns how many. */
  async purgeExpired(): Promise<number> {
    const now = this.now();
    return this.transaction((em) => em.nativeDelete(LoginLinkEntity, { expiresAt: { $lt: now } }));
  }
}
