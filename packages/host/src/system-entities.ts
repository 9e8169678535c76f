import type { EntityDefinition } from "@agx-ext/db";
import { CallLogEntity } from "./activity/call-log.js";
import { EVENT_ENTITIES } from "./events/entities.js";
import { JobRun } from "./jobs/run-log.js";
import { OAuthRecordEntity } from "./mcp-auth/records.js";
import { OAuthKeyEntity } from "./mcp-auth/signing-keys.js";
import { ConnectLinkEntity } from "./server/connect-links/store.js";
import { UserEntity } from "./users/db-store.js";
import { LoginLinkEntity } from "./users/login-links.js";
import { KeyRevisionEntity } from "./users/revocations-sqlite.js";
import { SessionEntity } from "./users/sessions.js";
import { ToolSetEntity } from "./users/tool-sets.js";

/**
 * Every table the host owns, whichever features register them at run time: what `pnpm migration:create`
 * reads (`--entities dist/system-entities.js`) so the host's migrations create them all.
 */
export const entities: EntityDefinition[] = [
  UserEntity,
  ToolSetEntity,
  SessionEntity,
  LoginLinkEntity,
  KeyRevisionEntity,
  JobRun,
  CallLogEntity,
  OAuthRecordEntity,
  OAuthKeyEntity,
  ConnectLinkEntity,
  ...EVENT_ENTITIES,
];
