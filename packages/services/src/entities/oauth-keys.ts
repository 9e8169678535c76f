import { mikroOrm } from "@agx-ext/db";

/**
 * The authorization server's secrets: the private JWKS that signs ID tokens and the keys that sign its
 * cookies. Made by the first host to start, kept in the database sealed with the vault key, so every host
 * sharing the database (and the vault key) signs and checks with the same ones.
 */
export interface OAuthKeyRow {
  id: string;
  /** VaultCipher-sealed JSON of ServerKeys. */
  sealed: string;
  createdAt: Date;
}

export const OAuthKeyEntity = new mikroOrm.EntitySchema<OAuthKeyRow>({
  name: "AgxOAuthKey",
  tableName: "agx_oauth_keys",
  properties: {
    id: { type: "string", length: 32, primary: true },
    sealed: { type: "text" },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});
