export { HostEvents, POLL_JOB, DELIVERY_JOB, type HostEventsOptions } from "./service.js";
export { listTriggers, findTrigger, hookPath, type TriggerEntry } from "./catalog.js";
export { SubscriptionStore, subscriptionParamsKey, subscriptionResource, type Subscription } from "./subscriptions.js";
export { DeliveryWorker, retryDelayMs, type DeliveryBody, type FailedDelivery, type DeliveryReport } from "./deliveries.js";
export { EventFeed, eventView, type EventView, type FeedPosition } from "./feed.js";
export { WebhookReceiver, type IncomingWebhook, type WebhookAnswer } from "./webhooks.js";
export type { PollReport } from "./polls.js";
export { WebhookSetup, WEBHOOK_SETUP_JOB, type WebhookSetupOutcome, type WebhookSetupRun } from "./webhook-setup.js";
