/**
 * The scopes each Google API method this extension calls accepts, copied from Google's discovery documents
 * (`"scopes"` of each method: gmail v1, calendar v3, keep v1, analyticsadmin v1beta/v1alpha, analyticsdata
 * v1beta, tagmanager v2; Google Ads documents `adwords` only). A grant satisfies a method only when it holds
 * one of these: Google does not treat scopes as interchangeable (analytics.edit, for one, does not open the
 * Data API's reports), so neither does the check made before sending.
 */
const A = "https://www.googleapis.com/auth/";
const MAIL = "https://mail.google.com/";

/** For each Google API method the extension calls, the scopes Google documents as sufficient (any one of them). */
export const METHOD_SCOPES = {
  "gmail.users.messages.list": [MAIL, `${A}gmail.metadata`, `${A}gmail.modify`, `${A}gmail.readonly`],
  "gmail.users.messages.get": [
    MAIL,
    `${A}gmail.addons.current.message.action`,
    `${A}gmail.addons.current.message.metadata`,
    `${A}gmail.addons.current.message.readonly`,
    `${A}gmail.metadata`,
    `${A}gmail.modify`,
    `${A}gmail.readonly`,
  ],
  "gmail.users.messages.send": [MAIL, `${A}gmail.addons.current.action.compose`, `${A}gmail.compose`, `${A}gmail.modify`, `${A}gmail.send`],
  "gmail.users.drafts.create": [MAIL, `${A}gmail.addons.current.action.compose`, `${A}gmail.compose`, `${A}gmail.modify`],
  "gmail.users.labels.list": [MAIL, `${A}gmail.labels`, `${A}gmail.metadata`, `${A}gmail.modify`, `${A}gmail.readonly`],
  "gmail.users.labels.create": [MAIL, `${A}gmail.labels`, `${A}gmail.modify`],
  "gmail.users.messages.modify": [MAIL, `${A}gmail.modify`],
  "gmail.users.getProfile": [MAIL, `${A}gmail.compose`, `${A}gmail.metadata`, `${A}gmail.modify`, `${A}gmail.readonly`],
  "gmail.users.history.list": [MAIL, `${A}gmail.metadata`, `${A}gmail.modify`, `${A}gmail.readonly`],
  "gmail.users.messages.trash": [MAIL, `${A}gmail.modify`],
  "gmail.users.messages.attachments.get": [
    MAIL,
    `${A}gmail.addons.current.message.action`,
    `${A}gmail.addons.current.message.readonly`,
    `${A}gmail.modify`,
    `${A}gmail.readonly`,
  ],

  "calendar.events.list": [
    `${A}calendar`,
    `${A}calendar.app.created`,
    `${A}calendar.events`,
    `${A}calendar.events.freebusy`,
    `${A}calendar.events.owned`,
    `${A}calendar.events.owned.readonly`,
    `${A}calendar.events.public.readonly`,
    `${A}calendar.events.readonly`,
    `${A}calendar.readonly`,
  ],
  "calendar.events.get": [
    `${A}calendar`,
    `${A}calendar.app.created`,
    `${A}calendar.events`,
    `${A}calendar.events.freebusy`,
    `${A}calendar.events.owned`,
    `${A}calendar.events.owned.readonly`,
    `${A}calendar.events.public.readonly`,
    `${A}calendar.events.readonly`,
    `${A}calendar.readonly`,
  ],
  "calendar.events.insert": [`${A}calendar`, `${A}calendar.app.created`, `${A}calendar.events`, `${A}calendar.events.owned`],
  "calendar.events.patch": [`${A}calendar`, `${A}calendar.app.created`, `${A}calendar.events`, `${A}calendar.events.owned`],
  "calendar.events.delete": [`${A}calendar`, `${A}calendar.app.created`, `${A}calendar.events`, `${A}calendar.events.owned`],
  "calendar.events.watch": [
    `${A}calendar`,
    `${A}calendar.app.created`,
    `${A}calendar.events`,
    `${A}calendar.events.freebusy`,
    `${A}calendar.events.owned`,
    `${A}calendar.events.owned.readonly`,
    `${A}calendar.events.public.readonly`,
    `${A}calendar.events.readonly`,
    `${A}calendar.readonly`,
  ],
  "calendar.channels.stop": [
    `${A}calendar`,
    `${A}calendar.acls`,
    `${A}calendar.acls.readonly`,
    `${A}calendar.app.created`,
    `${A}calendar.calendarlist`,
    `${A}calendar.calendarlist.readonly`,
    `${A}calendar.events`,
    `${A}calendar.events.freebusy`,
    `${A}calendar.events.owned`,
    `${A}calendar.events.owned.readonly`,
    `${A}calendar.events.public.readonly`,
    `${A}calendar.events.readonly`,
    `${A}calendar.readonly`,
    `${A}calendar.settings.readonly`,
  ],
  "calendar.freebusy.query": [`${A}calendar`, `${A}calendar.events.freebusy`, `${A}calendar.freebusy`, `${A}calendar.readonly`],

  "keep.notes.list": [`${A}keep`, `${A}keep.readonly`],
  "keep.notes.create": [`${A}keep`],
  "keep.notes.delete": [`${A}keep`],

  "googleads.adwords": [`${A}adwords`],

  "analyticsadmin.accountSummaries.list": [`${A}analytics.edit`, `${A}analytics.readonly`],
  "analyticsadmin.properties.audiences.list": [`${A}analytics.edit`, `${A}analytics.readonly`],
  "analyticsadmin.properties.customDimensions.create": [`${A}analytics.edit`],
  "analyticsdata.properties.runReport": [`${A}analytics`, `${A}analytics.readonly`],
  "analyticsdata.properties.runRealtimeReport": [`${A}analytics`, `${A}analytics.readonly`],

  "tagmanager.accounts.list": [`${A}tagmanager.edit.containers`, `${A}tagmanager.manage.accounts`, `${A}tagmanager.readonly`],
  "tagmanager.accounts.containers.list": [`${A}tagmanager.edit.containers`, `${A}tagmanager.readonly`],
  "tagmanager.accounts.containers.workspaces.tags.create": [`${A}tagmanager.edit.containers`],
  "tagmanager.accounts.containers.workspaces.tags.get": [`${A}tagmanager.edit.containers`, `${A}tagmanager.readonly`],
  "tagmanager.accounts.containers.workspaces.tags.update": [`${A}tagmanager.edit.containers`],
  "tagmanager.accounts.containers.workspaces.triggers.create": [`${A}tagmanager.edit.containers`],
  "tagmanager.accounts.containers.workspaces.variables.create": [`${A}tagmanager.edit.containers`],
  "tagmanager.accounts.containers.workspaces.create_version": [`${A}tagmanager.edit.containerversions`],
  "tagmanager.accounts.containers.versions.publish": [`${A}tagmanager.publish`],
} as const satisfies Record<string, readonly string[]>;

/** A Google API method, by its discovery id. */
export type ApiMethod = keyof typeof METHOD_SCOPES;

/** True when the grant holds one of the scopes Google documents for the method. */
export function grantAllows(method: ApiMethod, granted: ReadonlySet<string>): boolean {
  return METHOD_SCOPES[method].some((scope) => granted.has(scope));
}
