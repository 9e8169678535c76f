import type { EntityDefinition } from "@agx-ext/db";
import { CallLogEntity } from "./entities/call-log.js";
import { EVENT_ENTITIES } from "./events/entities.js";
import { JobRun } from "./jobs/run-log.js";
import { OAuthRecordEntity } from "./entities/oauth-records.js";
import { OAuthKeyEntity } from "./entities/oauth-keys.js";
import { ConnectLinkEntity } from "./entities/connect-links.js";
import { UserEntity } from "./entities/users.js";
import { LoginLinkEntity } from "./entities/login-links.js";
import { KeyRevisionEntity } from "./entities/key-revision.js";
import { SessionEntity } from "./entities/sessions.js";
import { ToolSetEntity } from "./entities/tool-sets.js";

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
