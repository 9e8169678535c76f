export { Oura } from "./extension.js";
export { setupOuraWebhooks, syncOuraWebhooks, type OuraWebhookSetup, type OuraWebhookSubscription, type OuraWebhookSync } from "./webhook-subscriptions.js";
