export { Oura } from "./extension.js";
export { syncOuraWebhooks, type OuraWebhookSetup, type OuraWebhookSubscription, type OuraWebhookSync } from "./webhook-subscriptions.js";
