/**
 * Least privilege: commands are grouped by Google product, and a user connects only the products
 * they use. Each product lists the scopes its commands may need; a command names the one it needs.
 */
const AUTH = "https://www.googleapis.com/auth/";

export const SCOPES = {
  gmail: `${AUTH}gmail.modify`,
  calendarEvents: `${AUTH}calendar.events`,
  calendarFreeBusy: `${AUTH}calendar.freebusy`,
  keep: `${AUTH}keep`,
  ads: `${AUTH}adwords`,
  analyticsRead: `${AUTH}analytics.readonly`,
  analyticsEdit: `${AUTH}analytics.edit`,
  gtmRead: `${AUTH}tagmanager.readonly`,
  gtmEdit: `${AUTH}tagmanager.edit.containers`,
  gtmVersions: `${AUTH}tagmanager.edit.containerversions`,
  gtmPublish: `${AUTH}tagmanager.publish`,
} as const;

export type Product = "gmail" | "calendar" | "keep" | "ads" | "analytics" | "tagmanager";

export const PRODUCTS: Record<Product, { label: string; scopes: string[] }> = {
  gmail: { label: "Gmail", scopes: [SCOPES.gmail] },
  calendar: { label: "Google Calendar", scopes: [SCOPES.calendarEvents, SCOPES.calendarFreeBusy] },
  keep: { label: "Google Keep", scopes: [SCOPES.keep] },
  ads: { label: "Google Ads", scopes: [SCOPES.ads] },
  analytics: { label: "Google Analytics", scopes: [SCOPES.analyticsRead, SCOPES.analyticsEdit] },
  tagmanager: {
    label: "Google Tag Manager",
    scopes: [SCOPES.gtmRead, SCOPES.gtmEdit, SCOPES.gtmVersions, SCOPES.gtmPublish],
  },
};

/** Scopes that also satisfy a narrower one (Google accepts the broader grant). */
const BROADER: Record<string, string[]> = {
  [SCOPES.analyticsRead]: [SCOPES.analyticsEdit, `${AUTH}analytics`],
  [SCOPES.gtmRead]: [SCOPES.gtmEdit],
  [SCOPES.gmail]: ["https://mail.google.com/"],
  [SCOPES.calendarEvents]: [`${AUTH}calendar`],
  [SCOPES.calendarFreeBusy]: [`${AUTH}calendar`, `${AUTH}calendar.readonly`],
};

export function isScopeGranted(needed: string, granted: ReadonlySet<string>): boolean {
  return granted.has(needed) || (BROADER[needed] ?? []).some((scope) => granted.has(scope));
}

/** What a person runs to add a product to an existing Google connection. */
export function connectHint(product: Product): string {
  return `agx connect google --scopes ${product}`;
}
