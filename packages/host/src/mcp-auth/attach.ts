import { loadSecretKey, parsePreviousKeys, VaultCipher, VaultKeyring } from "@agx-ext/auth/host";
import { OAuthKeyEntity, OAuthRecordEntity } from "@agx-ext/services";
import type { Host } from "../host.js";
import type { UserStore } from "../users/store.js";
import { OAuthRecordStore } from "./records.js";
import type { McpAuthorizationSetup } from "./service.js";
import { loadServerKeys } from "./signing-keys.js";

/**
 * The authorization server's storage for a host, its tables registered: call before the host starts (the
 * schema sync creates them). The server keys are sealed with the vault key the auth module uses
 * (AGX_SECRET_KEY, or the host's generated key file), so hosts sharing a database and a key agree on them.
 */
export function attachMcpAuthorization(host: Host, users: Pick<UserStore, "isActive">): McpAuthorizationSetup {
  const { database } = host.services;
  const { env, dir } = host.environment;
  database.registerSystemEntities([OAuthRecordEntity, OAuthKeyEntity]);
  const transaction = <T>(fn: Parameters<typeof database.transaction<T>>[0]) => database.transaction(fn);
  const read = <T>(fn: Parameters<typeof database.read<T>>[0]) => database.read(fn);
  return {
    records: new OAuthRecordStore(transaction, read),
    async keys() {
      const { key } = await loadSecretKey({ hostDir: dir, ...(env.AGX_SECRET_KEY ? { secretKey: env.AGX_SECRET_KEY } : {}) });
      const cipher = new VaultCipher(new VaultKeyring(key, parsePreviousKeys(env.AGX_SECRET_KEY_PREVIOUS)));
      return loadServerKeys(transaction, read, cipher);
    },
    isActive: (userId) => users.isActive(userId),
  };
}
