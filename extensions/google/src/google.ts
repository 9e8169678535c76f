import { AUTH, Command, CONTEXT, Extension, HTTP, inject, SETTINGS, type CommandContext, type CommandResult, type z } from "@agx-ext/core";
import type { AuthService, HttpClient } from "@agx-ext/auth";
import { Ads } from "./ads/ads.js";
import * as ads from "./ads/inputs.js";
import { Analytics } from "./analytics/analytics.js";
import * as analytics from "./analytics/inputs.js";
import { Calendar } from "./calendar/calendar.js";
import * as calendar from "./calendar/inputs.js";
import { Gmail } from "./gmail/gmail.js";
import * as gmail from "./gmail/inputs.js";
import { createNoteInput, deleteNoteInput, getNotesInput, Keep } from "./keep/keep.js";
import { googleSettings, type GoogleSettings } from "./settings.js";
import { googleAuth } from "./shared/auth.js";
import { GoogleClient } from "./shared/google-client.js";
import * as gtm from "./tagmanager/inputs.js";
import { TagManager } from "./tagmanager/tagmanager.js";

type In<T extends z.ZodType> = z.output<T>;

const ADS_TOKEN = ["GOOGLE_ADS_DEVELOPER_TOKEN"];
const ADS_ACCOUNT = ["GOOGLE_ADS_DEVELOPER_TOKEN", "GOOGLE_ADS_CUSTOMER_ID"];

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

  @Command({ name: "Google - Get Emails", description: "Recent emails, optionally filtered with Gmail search syntax; pages up to max_emails.", input: gmail.getEmailsInput })
  getEmails(input: In<typeof gmail.getEmailsInput>): Promise<CommandResult> {
    return this.gmail.getEmails(input);
  }

  @Command({ name: "Google - Send Email", description: "Send an email (UTF-8 subject, optional cc/bcc and attachments).", input: gmail.sendEmailInput, mutates: true })
  sendEmail(input: In<typeof gmail.sendEmailInput>): Promise<CommandResult> {
    return this.gmail.sendEmail(input);
  }

  @Command({ name: "Google - Move Email to Folder", description: "Move an email out of the inbox into a label (created when missing).", input: gmail.moveEmailInput, mutates: true })
  moveEmail(input: In<typeof gmail.moveEmailInput>): Promise<CommandResult> {
    return this.gmail.moveEmail(input);
  }

  @Command({ name: "Google - Create Draft Email", description: "Save a draft email, with optional attachments.", input: gmail.createDraftInput, mutates: true })
  createDraft(input: In<typeof gmail.createDraftInput>): Promise<CommandResult> {
    return this.gmail.createDraft(input);
  }

  @Command({ name: "Google - Delete Email", description: "Move an email to Trash (Gmail removes it for good after 30 days).", input: gmail.messageIdInput, mutates: true })
  deleteEmail(input: In<typeof gmail.messageIdInput>): Promise<CommandResult> {
    return this.gmail.deleteEmail(input);
  }

  @Command({ name: "Google - Search Emails", description: "Emails matching a Gmail search query; pages up to max_emails.", input: gmail.searchEmailsInput })
  searchEmails(input: In<typeof gmail.searchEmailsInput>): Promise<CommandResult> {
    return this.gmail.searchEmails(input);
  }

  @Command({ name: "Google - Reply to Email", description: "Reply to an email in its thread (In-Reply-To and References set).", input: gmail.replyInput, mutates: true })
  replyToEmail(input: In<typeof gmail.replyInput>): Promise<CommandResult> {
    return this.gmail.replyToEmail(input);
  }

  @Command({ name: "Google - Process Attachments", description: "An email's attachments with their content, up to a size limit.", input: gmail.processAttachmentsInput })
  processAttachments(input: In<typeof gmail.processAttachmentsInput>): Promise<CommandResult> {
    return this.gmail.processAttachments(input);
  }

  // Calendar (scopes calendar.events, calendar.freebusy)

  @Command({ name: "Google - Get Calendar Items", description: "Events on the primary calendar in a range; recurring events expanded.", input: calendar.getItemsInput })
  getCalendarItems(input: In<typeof calendar.getItemsInput>): Promise<CommandResult> {
    return this.calendar.getItems(input);
  }

  @Command({ name: "Google - Get Available Timeslots", description: "Free slots within working hours, from the FreeBusy API.", input: calendar.timeslotsInput })
  getAvailableTimeslots(input: In<typeof calendar.timeslotsInput>): Promise<CommandResult> {
    return this.calendar.availableTimeslots(input);
  }

  @Command({ name: "Google - Add Calendar Item", description: "Create an event (timed or all-day), refusing busy times unless told not to check.", input: calendar.addItemInput, mutates: true })
  addCalendarItem(input: In<typeof calendar.addItemInput>): Promise<CommandResult> {
    return this.calendar.addItem(input);
  }

  @Command({ name: "Google - Modify Calendar Item", description: "Change an event's subject, time, place, attendees or description.", input: calendar.modifyItemInput, mutates: true })
  modifyCalendarItem(input: In<typeof calendar.modifyItemInput>): Promise<CommandResult> {
    return this.calendar.modifyItem(input);
  }

  @Command({ name: "Google - Remove Calendar Item", description: "Delete an event from the primary calendar.", input: calendar.removeItemInput, mutates: true })
  removeCalendarItem(input: In<typeof calendar.removeItemInput>): Promise<CommandResult> {
    return this.calendar.removeItem(input);
  }

  // Keep (scope keep)

  @Command({ name: "Google - Get Keep Notes", description: "Google Keep notes (Workspace accounts).", input: getNotesInput })
  getKeepNotes(input: In<typeof getNotesInput>): Promise<CommandResult> {
    return this.keep.getNotes(input);
  }

  @Command({ name: "Google - Create Keep Note", description: "Create a text note in Google Keep.", input: createNoteInput, mutates: true })
  createKeepNote(input: In<typeof createNoteInput>): Promise<CommandResult> {
    return this.keep.createNote(input);
  }

  @Command({ name: "Google - Delete Keep Note", description: "Delete a Google Keep note.", input: deleteNoteInput, mutates: true })
  deleteKeepNote(input: In<typeof deleteNoteInput>): Promise<CommandResult> {
    return this.keep.deleteNote(input);
  }

  // Google Ads (scope adwords; developer token and customer id settings)

  @Command({ name: "Google Ads - Get Accounts", description: "Google Ads customer accounts this login can access.", input: ads.accountsInput, requires: ADS_TOKEN })
  getAdsAccounts(): Promise<CommandResult> {
    return this.ads.getAccounts();
  }

  @Command({ name: "Google Ads - Create Campaign", description: "Create a campaign with its own daily budget (paused by default).", input: ads.createCampaignInput, requires: ADS_ACCOUNT, mutates: true })
  createAdsCampaign(input: In<typeof ads.createCampaignInput>): Promise<CommandResult> {
    return this.ads.createCampaign(input);
  }

  @Command({ name: "Google Ads - Get Campaigns", description: "Campaigns of the customer with status, channel and budget.", input: ads.campaignsInput, requires: ADS_ACCOUNT })
  getAdsCampaigns(input: In<typeof ads.campaignsInput>): Promise<CommandResult> {
    return this.ads.getCampaigns(input);
  }

  @Command({ name: "Google Ads - Update Campaign", description: "Rename, pause or enable a campaign.", input: ads.updateCampaignInput, requires: ADS_ACCOUNT, mutates: true })
  updateAdsCampaign(input: In<typeof ads.updateCampaignInput>): Promise<CommandResult> {
    return this.ads.updateCampaign(input);
  }

  @Command({ name: "Google Ads - Create Ad Group", description: "Create a search ad group in a campaign.", input: ads.createAdGroupInput, requires: ADS_ACCOUNT, mutates: true })
  createAdsAdGroup(input: In<typeof ads.createAdGroupInput>): Promise<CommandResult> {
    return this.ads.createAdGroup(input);
  }

  @Command({ name: "Google Ads - Get Ad Groups", description: "Ad groups of a campaign.", input: ads.adGroupsInput, requires: ADS_ACCOUNT })
  getAdsAdGroups(input: In<typeof ads.adGroupsInput>): Promise<CommandResult> {
    return this.ads.getAdGroups(input);
  }

  @Command({ name: "Google Ads - Create Ad", description: "Create a responsive search ad (3-15 headlines, 2-4 descriptions).", input: ads.createAdInput, requires: ADS_ACCOUNT, mutates: true })
  createAdsAd(input: In<typeof ads.createAdInput>): Promise<CommandResult> {
    return this.ads.createAd(input);
  }

  @Command({ name: "Google Ads - Get Performance", description: "Impressions, clicks, cost, conversions, CTR and CPC per campaign over a date range.", input: ads.performanceInput, requires: ADS_ACCOUNT })
  getAdsPerformance(input: In<typeof ads.performanceInput>): Promise<CommandResult> {
    return this.ads.getPerformance(input);
  }

  @Command({ name: "Google Ads - Manage Keywords", description: "Add keywords to, or remove them from, an ad group.", input: ads.keywordsInput, requires: ADS_ACCOUNT, mutates: true })
  manageAdsKeywords(input: In<typeof ads.keywordsInput>): Promise<CommandResult> {
    return this.ads.manageKeywords(input);
  }

  @Command({ name: "Google Ads - Create Audience", description: "Create a Customer Match audience and upload hashed members.", input: ads.audienceInput, requires: ADS_ACCOUNT, mutates: true })
  createAdsAudience(input: In<typeof ads.audienceInput>): Promise<CommandResult> {
    return this.ads.createAudience(input);
  }

  // Google Analytics (scopes analytics.readonly, analytics.edit)

  @Command({ name: "Google Analytics - Get Properties", description: "GA4 properties visible to the account.", input: analytics.propertiesInput })
  getAnalyticsProperties(): Promise<CommandResult> {
    return this.analytics.getProperties();
  }

  @Command({ name: "Google Analytics - Get Reports", description: "A GA4 report (runReport) over a date range with chosen metrics and dimensions.", input: analytics.reportInput })
  getAnalyticsReports(input: In<typeof analytics.reportInput>): Promise<CommandResult> {
    return this.analytics.getReports(input);
  }

  @Command({ name: "Google Analytics - Get Real Time Data", description: "Active users, views and events of the last 30 minutes (runRealtimeReport).", input: analytics.realtimeInput })
  getAnalyticsRealtime(input: In<typeof analytics.realtimeInput>): Promise<CommandResult> {
    return this.analytics.getRealtime(input);
  }

  @Command({ name: "Google Analytics - Get Audiences", description: "Audiences defined on a GA4 property.", input: analytics.audiencesInput })
  getAnalyticsAudiences(input: In<typeof analytics.audiencesInput>): Promise<CommandResult> {
    return this.analytics.getAudiences(input);
  }

  @Command({ name: "Google Analytics - Create Custom Dimension", description: "Register an event, user or item parameter as a custom dimension.", input: analytics.customDimensionInput, mutates: true })
  createAnalyticsDimension(input: In<typeof analytics.customDimensionInput>): Promise<CommandResult> {
    return this.analytics.createCustomDimension(input);
  }

  // Tag Manager (scopes tagmanager.readonly, .edit.containers, .edit.containerversions, .publish)

  @Command({ name: "GTM - Get Containers", description: "Tag Manager containers of every account the user can see.", input: gtm.containersInput })
  getGtmContainers(): Promise<CommandResult> {
    return this.gtm.getContainers();
  }

  @Command({ name: "GTM - Create Tag", description: "Create a tag in a workspace.", input: gtm.createTagInput, mutates: true })
  createGtmTag(input: In<typeof gtm.createTagInput>): Promise<CommandResult> {
    return this.gtm.createTag(input);
  }

  @Command({ name: "GTM - Update Tag", description: "Change a tag's name, type, parameters, triggers, pause state or notes.", input: gtm.updateTagInput, mutates: true })
  updateGtmTag(input: In<typeof gtm.updateTagInput>): Promise<CommandResult> {
    return this.gtm.updateTag(input);
  }

  @Command({ name: "GTM - Create Trigger", description: "Create a trigger in a workspace.", input: gtm.createTriggerInput, mutates: true })
  createGtmTrigger(input: In<typeof gtm.createTriggerInput>): Promise<CommandResult> {
    return this.gtm.createTrigger(input);
  }

  @Command({ name: "GTM - Create Variable", description: "Create a variable in a workspace.", input: gtm.createVariableInput, mutates: true })
  createGtmVariable(input: In<typeof gtm.createVariableInput>): Promise<CommandResult> {
    return this.gtm.createVariable(input);
  }

  @Command({ name: "GTM - Publish Container", description: "Create a version from a workspace and publish it.", input: gtm.publishInput, mutates: true })
  publishGtmContainer(input: In<typeof gtm.publishInput>): Promise<CommandResult> {
    return this.gtm.publishContainer(input);
  }
}
