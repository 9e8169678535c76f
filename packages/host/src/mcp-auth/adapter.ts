import { errors, type Adapter, type AdapterConstructor, type AdapterPayload } from "oidc-provider";
import type { OAuthRecordStore, Payload } from "./records.js";

/** Models whose use is single: a second use is a replay. */
const CONSUMABLE = new Set(["AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

/** oidc-provider's storage interface over the host database (one adapter instance per model). */
export function databaseAdapter(records: OAuthRecordStore): AdapterConstructor {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await records.upsert(this.model, id, payload as Payload, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await records.find(this.model, id)) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await records.findByUid(this.model, uid)) as AdapterPayload | undefined;
    }

    /** The device flow is not enabled: there are no user codes. */
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    async consume(id: string): Promise<void> {
      if (await records.consume(this.model, id)) return;
      // oidc-provider checked `consumed` before calling this, so another request used the same code or
      // refresh token in the meantime (possibly on another host): treat it as the replay it is.
      if (CONSUMABLE.has(this.model)) {
        const payload = await records.find(this.model, id);
        if (payload?.grantId) await records.revokeGrant(payload.grantId);
      }
      throw new errors.InvalidGrant(`${this.model === "RefreshToken" ? "refresh token" : "authorization code"} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      await records.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await records.revokeByGrantId(grantId);
    }
  };
}
