/**
 * The pieces of the services that the host's own tests reach into (event cleanup, the URL guard, the cron
 * parser, the job engines...). Not a stable API: for agx-ext's tests only, and it may change in any release.
 */
export { cleanupEvents, retentionDays } from "./events/cleanup.js";
export { DeliveryEntity, EventEntity, PollStateEntity, SubscriptionEntity } from "./events/entities.js";
export { DEFAULT_PARAMS_KEY } from "./events/params.js";
export { postJson } from "./events/post-json.js";
export { recordEvents } from "./events/record.js";
export { blockedAddress, deliveryHostProblem } from "./events/url-guard.js";
export { nextRun, parseCron } from "./jobs/cron.js";
export { PgBossJobEngine } from "./jobs/pg-boss-engine.js";
export { JobRun } from "./jobs/run-log.js";
