import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import { mikroOrm } from "@agx-ext/db";
import { VaultCipher } from "@agx-ext/auth/host";
import { OAuthKeyEntity } from "@agx-ext/services";

export interface ServerKeys {
  /** Private JWK set (oidc-provider's `jwks`). */
  jwks: { keys: Record<string, unknown>[] };
  /** Cookie signing keys (oidc-provider's `cookies.keys`). */
  cookieKeys: string[];
}

const ROW_ID = "authorization-server";
/** Binds the sealed value to its row, as the vault does for tokens. */
const AAD = "agx-oauth-keys";

type Run = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

function newKeys(): ServerKeys {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, unknown>;
  return {
    jwks: { keys: [{ ...jwk, kid: randomUUID(), use: "sig", alg: "RS256" }] },
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
}

/**
 * The server keys, made and stored on first use. Two hosts starting together both try to insert; the loser
 * reads the winner's. A value sealed under an older vault key (AGX_SECRET_KEY_PREVIOUS) is re-sealed under the
 * current one, compare-and-set, so the keys survive the old vault key being dropped after a rotation.
 */
export async function loadServerKeys(transaction: Run, read: Run, cipher: VaultCipher): Promise<ServerKeys> {
  const existing = await read((em) => em.findOne(OAuthKeyEntity, { id: ROW_ID }, { disableIdentityMap: true }));
  if (existing) return openKeys(existing.sealed, transaction, cipher);
  const keys = newKeys();
  try {
    await transaction((em) => em.insert(OAuthKeyEntity, { id: ROW_ID, sealed: cipher.seal(JSON.stringify(keys), AAD), createdAt: new Date() }));
    return keys;
  } catch (error) {
    if (!(error instanceof mikroOrm.UniqueConstraintViolationException)) throw error;
    const winner = await read((em) => em.findOneOrFail(OAuthKeyEntity, { id: ROW_ID }, { disableIdentityMap: true }));
    return openKeys(winner.sealed, transaction, cipher);
  }
}

async function openKeys(sealed: string, transaction: Run, cipher: VaultCipher): Promise<ServerKeys> {
  let keys: ServerKeys;
  try {
    keys = JSON.parse(cipher.open(sealed, AAD)) as ServerKeys;
  } catch (error) {
    throw new Error(
      `The MCP authorization server's signing keys (table agx_oauth_keys) do not open: ${(error as Error).message}. ` +
        "Start every host with the same AGX_SECRET_KEY (and AGX_SECRET_KEY_PREVIOUS after a rotation).",
    );
  }
  if (VaultCipher.keyIdOf(sealed) !== cipher.currentKeyId)
    await transaction((em) => em.nativeUpdate(OAuthKeyEntity, { id: ROW_ID, sealed }, { sealed: cipher.seal(JSON.stringify(keys), AAD) }));
  return keys;
}
