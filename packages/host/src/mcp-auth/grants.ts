import { CommandError } from "@agx-ext/core";
import type { GrantSummary, OAuthRecordStore } from "./records.js";

/**
 * The grants people see and revoke (GET/DELETE /v1/grants, agx grants): which MCP clients may use a user's
 * tools. Revoking deletes the grant with its codes, access and refresh tokens, rows every host reads, so the
 * client is refused everywhere on its next request.
 */
export class Grants {
  constructor(private readonly records: OAuthRecordStore) {}

  /** A user's grants that have not expired, newest first. */
  list(userId: string): Promise<GrantSummary[]> {
    return this.records.grantsOf(userId);
  }

  /** Revokes one of `userId`'s grants; NOT_FOUND for a grant that does not exist or is another user's (nothing tells which). */
  async revoke(userId: string, grantId: string): Promise<void> {
    const owner = await this.records.grantOwner(grantId);
    if (owner !== userId || !(await this.records.revokeGrant(grantId)))
      throw new CommandError("NOT_FOUND", `User "${userId}" has no grant "${grantId.slice(0, 64)}" (agx grants list --user ${userId} shows them).`, {
        details: { grant: grantId.slice(0, 64) },
      });
  }
}

/** A grant as JSON (HTTP and agx grants --json). */
export function grantJson(grant: GrantSummary): Record<string, unknown> {
  return {
    id: grant.id,
    clientId: grant.clientId,
    ...(grant.clientName ? { clientName: grant.clientName } : {}),
    createdAt: grant.createdAt.toISOString(),
    ...(grant.expiresAt ? { expiresAt: grant.expiresAt.toISOString() } : {}),
  };
}
