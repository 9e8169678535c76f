import { AUTH, Command, CONTEXT, Extension, HTTP, inject, SETTINGS, Trigger, z, type CommandContext, type PollInput, type WebhookRequest } from "@agx-ext/core";
import type { AuthService, HttpClient } from "@agx-ext/auth";
import { Ads } from "./ads/ads.js";
import * as ads from "./ads/inputs.js";
import * as adsOut from "./ads/outputs.js";
import { Analytics } from "./analytics/analytics.js";
import * as analytics from "./analytics/inputs.js";
import * as analyticsOut from "./analytics/outputs.js";
import { Calendar } from "./calendar/calendar.js";
import * as calendar from "./calendar/inputs.js";
import { calendarEventChangedOutput, pollCalendarEventChanged } from "./calendar/event-changed-trigger.js";
import * as calendarOut from "./calendar/outputs.js";
import { CALENDAR_PUSH, calendarPushResult, STARTING_SOON } from "./calendar/push-channel.js";
import { pollStartingSoon, startingSoonInput, startingSoonOutput } from "./calendar/starting-soon-trigger.js";
import { Gmail } from "./gmail/gmail.js";
import * as gmail from "./gmail/inputs.js";
import { newEmailInput } from "./gmail/mail-query.js";
import { newEmailOutput, pollNewEmail } from "./gmail/new-mail-trigger.js";
import * as gmailOut from "./gmail/outputs.js";
import { createNoteInput, deleteNoteInput, getNotesInput, Keep } from "./keep/keep.js";
import * as keepOut from "./keep/outputs.js";
import { googleSettings, type GoogleSettings } from "./settings.js";
import { googleAuth } from "./shared/auth.js";
import { GoogleClient } from "./shared/google-client.js";
import * as gtm from "./tagmanager/inputs.js";
import * as gtmOut from "./tagmanager/outputs.js";
import { TagManager } from "./tagmanager/tagmanager.js";

/*
 * Hints for agents, set per command (the README's command tables show them). Every command calls Google, so
 * every one is openWorld. Destructive: it overwrites or removes what exists, or does what cannot be taken
 * back (an email sent, a container published, an ad budget committed, customer data uploaded), so a client
 * should ask the person first. Idempotent: the same call again changes nothing more.
 */
const READ_ONLY = { mutates: false, destructive: false, idempotent: true, openWorld: true } as const;
/** Adds something new; a second call adds another. */
const ADDITIVE = { mutates: true, destructive: false, idempotent: false, openWorld: true } as const;
/** Overwrites or deletes; a second call finds it done. */
const DESTRUCTIVE_IDEMPOTENT = { mutates: true, destructive: true, idempotent: true, openWorld: true } as const;
/** Cannot be taken back, and a second call does it again. */
const DESTRUCTIVE = { mutates: true, destructive: true, idempotent: false, openWorld: true } as const;

const ADS_TOKEN = ["GOOGLE_ADS_DEVELOPER_TOKEN"];
const ADS_ACCOUNT = ["GOOGLE_ADS_DEVELOPER_TOKEN", "GOOGLE_ADS_CUSTOMER_ID"];

/** The Google extension: Gmail, Calendar, Keep, Google Ads, Analytics (GA4) and Tag Manager, each a scope group a user connects. */
@Extension({
  id: "google",
  name: "Google",
  category: "Productivity",
  description: "Gmail, Google Calendar, Keep, Google Ads, Google Analytics (GA4) and Tag Manager, each product connected only when used.",
  settings: googleSettings,
  auth: googleAuth,
})
export class Google {
  private readonly client: GoogleClient;

  constructor(
    @inject(HTTP) http: HttpClient,
    @inject(SETTINGS) private readonly settings: GoogleSettings,
    @inject(CONTEXT) private readonly context: CommandContext,
    @inject(AUTH, { isOptional: true }) auth?: AuthService,
  ) {
    this.client = new GoogleClient(http, async () => {
      if (!auth) return undefined;
      const connection = await auth.connection();
      return connection.status === "connected" && connection.scopes.length ? new Set(connection.scopes) : undefined;
    });
  }

  private get gmail() {
    return new Gmail(this.client, this.settings.GOOGLE_GMAIL_BASE_URL);
  }
  private get calendar() {
    return new Calendar(this.client, this.settings.GOOGLE_CALENDAR_BASE_URL, { timeZone: this.context.timeZone, now: () => this.context.now() });
  }
  private get keep() {
    return new Keep(this.client, this.settings.GOOGLE_KEEP_BASE_URL);
  }
  private get ads() {
    const s = this.settings;
    return new Ads(this.client, {
      baseUrl: s.GOOGLE_ADS_BASE_URL,
      version: s.GOOGLE_ADS_API_VERSION,
      ...(s.GOOGLE_ADS_DEVELOPER_TOKEN ? { developerToken: s.GOOGLE_ADS_DEVELOPER_TOKEN } : {}),
      ...(s.GOOGLE_ADS_CUSTOMER_ID ? { customerId: ads.apiCustomerId(s.GOOGLE_ADS_CUSTOMER_ID) } : {}),
      ...(s.GOOGLE_ADS_LOGIN_CUSTOMER_ID ? { loginCustomerId: ads.apiCustomerId(s.GOOGLE_ADS_LOGIN_CUSTOMER_ID) } : {}),
    });
  }
  private get analytics() {
    return new Analytics(this.client, this.settings.GOOGLE_ANALYTICS_ADMIN_BASE_URL, this.settings.GOOGLE_ANALYTICS_DATA_BASE_URL);
  }
  private get gtm() {
    return new TagManager(this.client, this.settings.GOOGLE_TAGMANAGER_BASE_URL);
  }

  // Gmail (scope gmail.modify)

  @Command({
    name: "Google - Get Emails",
    title: "Gmail: Get Emails",
    description: "Recent emails, optionally filtered with Gmail search syntax; pages up to max_emails.",
    input: gmail.getEmailsInput,
    output: gmailOut.emailListOutput,
    ...READ_ONLY,
  })
  getEmails(input: z.output<typeof gmail.getEmailsInput>) {
    return this.gmail.getEmails(input);
  }

  @Command({
    name: "Google - Send Email",
    title: "Gmail: Send Email",
    description: "Send an email (UTF-8 subject, optional cc/bcc and attachments).",
    input: gmail.sendEmailInput,
    output: gmailOut.sendEmailOutput,
    ...DESTRUCTIVE,
  })
  sendEmail(input: z.output<typeof gmail.sendEmailInput>) {
    return this.gmail.sendEmail(input);
  }

  @Command({
    name: "Google - Move Email to Folder",
    title: "Gmail: Move Email to Label",
    description: "Move an email out of the inbox into a label (created when missing).",
    input: gmail.moveEmailInput,
    output: gmailOut.moveEmailOutput,
    // Relabels (out of the inbox) without losing anything; moving again changes nothing more.
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
  })
  moveEmail(input: z.output<typeof gmail.moveEmailInput>) {
    return this.gmail.moveEmail(input);
  }

  @Command({
    name: "Google - Create Draft Email",
    title: "Gmail: Create Draft",
    description: "Save a draft email, with optional attachments.",
    input: gmail.createDraftInput,
    output: gmailOut.createDraftOutput,
    ...ADDITIVE,
  })
  createDraft(input: z.output<typeof gmail.createDraftInput>) {
    return this.gmail.createDraft(input);
  }

  @Command({
    name: "Google - Delete Email",
    title: "Gmail: Move Email to Trash",
    description: "Move an email to Trash (Gmail removes it for good after 30 days).",
    input: gmail.messageIdInput,
    output: gmailOut.deleteEmailOutput,
    ...DESTRUCTIVE_IDEMPOTENT,
  })
  deleteEmail(input: z.output<typeof gmail.messageIdInput>) {
    return this.gmail.deleteEmail(input);
  }

  @Command({
    name: "Google - Search Emails",
    title: "Gmail: Search Emails",
    description: "Emails matching a Gmail search query; pages up to max_emails.",
    input: gmail.searchEmailsInput,
    output: gmailOut.emailListOutput,
    ...READ_ONLY,
  })
  searchEmails(input: z.output<typeof gmail.searchEmailsInput>) {
    return this.gmail.searchEmails(input);
  }

  @Command({
    name: "Google - Reply to Email",
    title: "Gmail: Reply to Email",
    description: "Reply to an email in its thread (In-Reply-To and References set).",
    input: gmail.replyInput,
    output: gmailOut.replyOutput,
    ...DESTRUCTIVE,
  })
  replyToEmail(input: z.output<typeof gmail.replyInput>) {
    return this.gmail.replyToEmail(input);
  }

  @Command({
    name: "Google - Process Attachments",
    title: "Gmail: Read Attachments",
    description: "An email's attachments with their content, up to a size limit.",
    input: gmail.processAttachmentsInput,
    output: gmailOut.processAttachmentsOutput,
    ...READ_ONLY,
  })
  processAttachments(input: z.output<typeof gmail.processAttachmentsInput>) {
    return this.gmail.processAttachments(input);
  }

  // Calendar (scopes calendar.events, calendar.freebusy)

  @Command({
    name: "Google - Get Calendar Items",
    title: "Calendar: Get Events",
    description: "Events on the primary calendar in a range; recurring events expanded.",
    input: calendar.getItemsInput,
    output: calendarOut.getItemsOutput,
    ...READ_ONLY,
  })
  getCalendarItems(input: z.output<typeof calendar.getItemsInput>) {
    return this.calendar.getItems(input);
  }

  @Command({
    name: "Google - Get Available Timeslots",
    title: "Calendar: Find Free Time Slots",
    description: "Free slots within working hours, from the FreeBusy API.",
    input: calendar.timeslotsInput,
    output: calendarOut.timeslotsOutput,
    ...READ_ONLY,
  })
  getAvailableTimeslots(input: z.output<typeof calendar.timeslotsInput>) {
    return this.calendar.availableTimeslots(input);
  }

  @Command({
    name: "Google - Add Calendar Item",
    title: "Calendar: Add Event",
    description: "Create an event (timed or all-day), refusing busy times unless told not to check.",
    input: calendar.addItemInput,
    output: calendarOut.addItemOutput,
    ...ADDITIVE,
  })
  addCalendarItem(input: z.output<typeof calendar.addItemInput>) {
    return this.calendar.addItem(input);
  }

  @Command({
    name: "Google - Modify Calendar Item",
    title: "Calendar: Change Event",
    description: "Change an event's subject, time, place, attendees or description.",
    input: calendar.modifyItemInput,
    output: calendarOut.modifyItemOutput,
    ...DESTRUCTIVE_IDEMPOTENT,
  })
  modifyCalendarItem(input: z.output<typeof calendar.modifyItemInput>) {
    return this.calendar.modifyItem(input);
  }

  @Command({
    name: "Google - Remove Calendar Item",
    title: "Calendar: Delete Event",
    description: "Delete an event from the primary calendar.",
    input: calendar.removeItemInput,
    output: calendarOut.removeItemOutput,
    ...DESTRUCTIVE_IDEMPOTENT,
  })
  removeCalendarItem(input: z.output<typeof calendar.removeItemInput>) {
    return this.calendar.removeItem(input);
  }

  // Keep (scope keep)

  @Command({
    name: "Google - Get Keep Notes",
    title: "Keep: Get Notes",
    description: "Google Keep notes (Workspace accounts).",
    input: getNotesInput,
    output: keepOut.getNotesOutput,
    ...READ_ONLY,
  })
  getKeepNotes(input: z.output<typeof getNotesInput>) {
    return this.keep.getNotes(input);
  }

  @Command({
    name: "Google - Create Keep Note",
    title: "Keep: Create Note",
    description: "Create a text note in Google Keep.",
    input: createNoteInput,
    output: keepOut.createNoteOutput,
    ...ADDITIVE,
  })
  createKeepNote(input: z.output<typeof createNoteInput>) {
    return this.keep.createNote(input);
  }

  @Command({
    name: "Google - Delete Keep Note",
    title: "Keep: Delete Note",
    description: "Delete a Google Keep note.",
    input: deleteNoteInput,
    output: keepOut.deleteNoteOutput,
    ...DESTRUCTIVE_IDEMPOTENT,
  })
  deleteKeepNote(input: z.output<typeof deleteNoteInput>) {
    return this.keep.deleteNote(input);
  }

  // Google Ads (scope adwords; developer token and customer id settings)

  @Command({
    name: "Google Ads - Get Accounts",
    title: "Google Ads: Get Accounts",
    description: "Google Ads customer accounts this login can access.",
    input: ads.accountsInput,
    requires: ADS_TOKEN,
    output: adsOut.accountsOutput,
    ...READ_ONLY,
  })
  getAdsAccounts() {
    return this.ads.getAccounts();
  }

  @Command({
    name: "Google Ads - Create Campaign",
    title: "Google Ads: Create Campaign",
    description: "Create a campaign with its own daily budget (paused by default).",
    input: ads.createCampaignInput,
    requires: ADS_ACCOUNT,
    output: adsOut.createCampaignOutput,
    ...DESTRUCTIVE,
  })
  createAdsCampaign(input: z.output<typeof ads.createCampaignInput>) {
    return this.ads.createCampaign(input);
  }

  @Command({
    name: "Google Ads - Get Campaigns",
    title: "Google Ads: Get Campaigns",
    description: "Campaigns of the customer with status, channel and budget.",
    input: ads.campaignsInput,
    requires: ADS_ACCOUNT,
    output: adsOut.campaignsOutput,
    ...READ_ONLY,
  })
  getAdsCampaigns(input: z.output<typeof ads.campaignsInput>) {
    return this.ads.getCampaigns(input);
  }

  @Command({
    name: "Google Ads - Update Campaign",
    title: "Google Ads: Update Campaign",
    description: "Rename, pause or enable a campaign.",
    input: ads.updateCampaignInput,
    requires: ADS_ACCOUNT,
    output: adsOut.updateCampaignOutput,
    ...DESTRUCTIVE_IDEMPOTENT,
  })
  updateAdsCampaign(input: z.output<typeof ads.updateCampaignInput>) {
    return this.ads.updateCampaign(input);
  }

  @Command({
    name: "Google Ads - Create Ad Group",
    title: "Google Ads: Create Ad Group",
    description: "Create a search ad group in a campaign.",
    input: ads.createAdGroupInput,
    requires: ADS_ACCOUNT,
    output: adsOut.createAdGroupOutput,
    ...ADDITIVE,
  })
  createAdsAdGroup(input: z.output<typeof ads.createAdGroupInput>) {
    return this.ads.createAdGroup(input);
  }

  @Command({
    name: "Google Ads - Get Ad Groups",
    title: "Google Ads: Get Ad Groups",
    description: "Ad groups of a campaign.",
    input: ads.adGroupsInput,
    requires: ADS_ACCOUNT,
    output: adsOut.adGroupsOutput,
    ...READ_ONLY,
  })
  getAdsAdGroups(input: z.output<typeof ads.adGroupsInput>) {
    return this.ads.getAdGroups(input);
  }

  @Command({
    name: "Google Ads - Create Ad",
    title: "Google Ads: Create Search Ad",
    description: "Create a responsive search ad (3-15 headlines, 2-4 descriptions).",
    input: ads.createAdInput,
    requires: ADS_ACCOUNT,
    output: adsOut.createAdOutput,
    ...ADDITIVE,
  })
  createAdsAd(input: z.output<typeof ads.createAdInput>) {
    return this.ads.createAd(input);
  }

  @Command({
    name: "Google Ads - Get Performance",
    title: "Google Ads: Get Campaign Performance",
    description: "Impressions, clicks, cost, conversions, CTR and CPC per campaign over a date range.",
    input: ads.performanceInput,
    requires: ADS_ACCOUNT,
    output: adsOut.performanceOutput,
    ...READ_ONLY,
  })
  getAdsPerformance(input: z.output<typeof ads.performanceInput>) {
    return this.ads.getPerformance(input);
  }

  @Command({
    name: "Google Ads - Manage Keywords",
    title: "Google Ads: Add or Remove Keywords",
    description: "Add keywords to, or remove them from, an ad group.",
    input: ads.keywordsInput,
    requires: ADS_ACCOUNT,
    output: adsOut.keywordsOutput,
    ...DESTRUCTIVE,
  })
  manageAdsKeywords(input: z.output<typeof ads.keywordsInput>) {
    return this.ads.manageKeywords(input);
  }

  @Command({
    name: "Google Ads - Create Audience",
    title: "Google Ads: Create Customer Match Audience",
    description: "Create a Customer Match audience and upload hashed members.",
    input: ads.audienceInput,
    requires: ADS_ACCOUNT,
    output: adsOut.audienceOutput,
    ...DESTRUCTIVE,
  })
  createAdsAudience(input: z.output<typeof ads.audienceInput>) {
    return this.ads.createAudience(input);
  }

  // Google Analytics (scopes analytics.readonly, analytics.edit)

  @Command({
    name: "Google Analytics - Get Properties",
    title: "Analytics: Get Properties",
    description: "GA4 properties visible to the account.",
    input: analytics.propertiesInput,
    output: analyticsOut.propertiesOutput,
    ...READ_ONLY,
  })
  getAnalyticsProperties() {
    return this.analytics.getProperties();
  }

  @Command({
    name: "Google Analytics - Get Reports",
    title: "Analytics: Run Report",
    description: "A GA4 report (runReport) over a date range with chosen metrics and dimensions.",
    input: analytics.reportInput,
    output: analyticsOut.reportOutput,
    ...READ_ONLY,
  })
  getAnalyticsReports(input: z.output<typeof analytics.reportInput>) {
    return this.analytics.getReports(input);
  }

  @Command({
    name: "Google Analytics - Get Real Time Data",
    title: "Analytics: Get Real-Time Data",
    description: "Active users, views and events of the last 30 minutes (runRealtimeReport).",
    input: analytics.realtimeInput,
    output: analyticsOut.realtimeOutput,
    ...READ_ONLY,
  })
  getAnalyticsRealtime(input: z.output<typeof analytics.realtimeInput>) {
    return this.analytics.getRealtime(input);
  }

  @Command({
    name: "Google Analytics - Get Audiences",
    title: "Analytics: Get Audiences",
    description: "Audiences defined on a GA4 property.",
    input: analytics.audiencesInput,
    output: analyticsOut.audiencesOutput,
    ...READ_ONLY,
  })
  getAnalyticsAudiences(input: z.output<typeof analytics.audiencesInput>) {
    return this.analytics.getAudiences(input);
  }

  @Command({
    name: "Google Analytics - Create Custom Dimension",
    title: "Analytics: Create Custom Dimension",
    description: "Register an event, user or item parameter as a custom dimension.",
    input: analytics.customDimensionInput,
    output: analyticsOut.customDimensionOutput,
    ...ADDITIVE,
  })
  createAnalyticsDimension(input: z.output<typeof analytics.customDimensionInput>) {
    return this.analytics.createCustomDimension(input);
  }

  // Tag Manager (scopes tagmanager.readonly, .edit.containers, .edit.containerversions, .publish)

  @Command({
    name: "GTM - Get Containers",
    title: "Tag Manager: Get Containers",
    description: "Tag Manager containers of every account the user can see.",
    input: gtm.containersInput,
    output: gtmOut.containersOutput,
    ...READ_ONLY,
  })
  getGtmContainers() {
    return this.gtm.getContainers();
  }

  @Command({
    name: "GTM - Create Tag",
    title: "Tag Manager: Create Tag",
    description: "Create a tag in a workspace.",
    input: gtm.createTagInput,
    output: gtmOut.createTagOutput,
    ...ADDITIVE,
  })
  createGtmTag(input: z.output<typeof gtm.createTagInput>) {
    return this.gtm.createTag(input);
  }

  @Command({
    name: "GTM - Update Tag",
    title: "Tag Manager: Update Tag",
    description: "Change a tag's name, type, parameters, triggers, pause state or notes.",
    input: gtm.updateTagInput,
    output: gtmOut.updateTagOutput,
    ...DESTRUCTIVE_IDEMPOTENT,
  })
  updateGtmTag(input: z.output<typeof gtm.updateTagInput>) {
    return this.gtm.updateTag(input);
  }

  @Command({
    name: "GTM - Create Trigger",
    title: "Tag Manager: Create Trigger",
    description: "Create a trigger in a workspace.",
    input: gtm.createTriggerInput,
    output: gtmOut.createTriggerOutput,
    ...ADDITIVE,
  })
  createGtmTrigger(input: z.output<typeof gtm.createTriggerInput>) {
    return this.gtm.createTrigger(input);
  }

  @Command({
    name: "GTM - Create Variable",
    title: "Tag Manager: Create Variable",
    description: "Create a variable in a workspace.",
    input: gtm.createVariableInput,
    output: gtmOut.createVariableOutput,
    ...ADDITIVE,
  })
  createGtmVariable(input: z.output<typeof gtm.createVariableInput>) {
    return this.gtm.createVariable(input);
  }

  @Command({
    name: "GTM - Publish Container",
    title: "Tag Manager: Publish Container",
    description: "Create a version from a workspace and publish it.",
    input: gtm.publishInput,
    output: gtmOut.publishOutput,
    ...DESTRUCTIVE,
  })
  publishGtmContainer(input: z.output<typeof gtm.publishInput>) {
    return this.gtm.publishContainer(input);
  }

  @Trigger({
    name: "New Email",
    description: "A message arrived in the Gmail inbox (followed through the mailbox's history id); `query` keeps only messages matching a Gmail search.",
    kind: "poll",
    every: "5m",
    output: newEmailOutput,
    input: newEmailInput,
  })
  newEmail(input: PollInput<z.output<typeof newEmailInput>>) {
    return pollNewEmail(this.client, this.settings.GOOGLE_GMAIL_BASE_URL, input);
  }

  @Trigger({
    name: "Calendar Event Changed",
    description: "An event of the primary Google Calendar was created, updated or cancelled (incremental sync with Calendar's sync token).",
    kind: "poll",
    every: "5m",
    output: calendarEventChangedOutput,
  })
  calendarEventChanged(input: PollInput) {
    return pollCalendarEventChanged(this.client, this.settings.GOOGLE_CALENDAR_BASE_URL, input);
  }

  @Trigger({
    name: STARTING_SOON,
    description:
      "A Google Calendar event starts within `minutes` (default 10): once per event and start time. Cached upcoming events, read again every 15 minutes or at once on a push notification (https public URL).",
    kind: "poll",
    every: "1m",
    output: startingSoonOutput,
    input: startingSoonInput,
  })
  eventStartingSoon(input: PollInput<z.output<typeof startingSoonInput>>) {
    return pollStartingSoon(this.client, this.settings.GOOGLE_CALENDAR_BASE_URL, input, {
      now: this.context.now(),
      timeZone: this.context.timeZone,
      publicUrl: this.context.publicUrl,
      channelToken: this.settings.GOOGLE_CALENDAR_CHANNEL_TOKEN,
      logger: this.context.logger,
    });
  }

  /** Runs without an instance (no injected services): it only maps Google's notification headers. */
  @Trigger({
    name: CALENDAR_PUSH,
    description: "Google Calendar push notifications (the channels Event Starting Soon keeps); they wake that poll and record no events of their own.",
    kind: "webhook",
    output: z.strictObject({}),
    verify: { sharedSecret: { setting: "GOOGLE_CALENDAR_CHANNEL_TOKEN", header: "x-goog-channel-token" } },
    requires: ["GOOGLE_CALENDAR_CHANNEL_TOKEN"],
  })
  calendarPush(request: WebhookRequest) {
    return calendarPushResult(request);
  }
}
