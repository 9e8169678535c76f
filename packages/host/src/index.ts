export * from "./config.js";
export * from "./host.js";
export * from "./installed.js";
export * from "./tool-formats.js";
export * from "./server/index.js";
export * from "./mcp/server.js";
export * from "./users/index.js";
// What the host exported before the services moved to @agx-ext/services, so code importing them from here keeps working.
export { createServices, type HostEnvironment, type HostServices } from "@agx-ext/services";
export { HostEvents, POLL_JOB, DELIVERY_JOB, type HostEventsOptions } from "@agx-ext/services";
export { listTriggers, findTrigger, hookPath, type TriggerEntry } from "@agx-ext/services";
export { SubscriptionStore, subscriptionParamsKey, subscriptionResource, type Subscription } from "@agx-ext/services";
export { DeliveryWorker, retryDelayMs, type DeliveryBody, type FailedDelivery, type DeliveryReport } from "@agx-ext/services";
export { EventFeed, eventView, type EventView, type FeedPosition } from "@agx-ext/services";
export { WebhookReceiver, type IncomingWebhook, type WebhookAnswer } from "@agx-ext/services";
export type { PollReport } from "@agx-ext/services";
export { WebhookSetup, WEBHOOK_SETUP_JOB, type WebhookSetupOutcome, type WebhookSetupRun } from "@agx-ext/services";
