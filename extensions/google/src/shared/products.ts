/**
 * Least privilege: commands are grouped by Google product, and a user connects only the products
 * they use. Each product lists the scopes its commands may need; a command names the one it needs.
 */
const AUTH = "https://www.googleapis.com/auth/";

/** The OAuth scopes the extension asks for, by purpose. */
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

/** The Google products the extension covers; each is a scope group a user connects separately. */
export type Product = "gmail" | "calendar" | "keep" | "ads" | "analytics" | "tagmanager";

/** What connecting one product means: its label, the scopes it requests and whether a bare connect includes it. */
export interface ProductInfo {
  label: string;
  /** What connecting the product requests. */
  scopes: string[];
  /**
   * Part of a plain `agx connect google`. Keep is not: Google authorizes the Keep API only through
   * domain-wide delegation a Workspace admin approves, and one scope Google refuses (`invalid_scope`)
   * fails the whole consent request, which would connect none of the other products.
   */
  byDefault: boolean;
}

/** Every product's label, scopes and default, as the connect flow and scope errors show them. */
export const PRODUCTS: Record<Product, ProductInfo> = {
  gmail: { label: "Gmail", scopes: [SCOPES.gmail], byDefault: true },
  calendar: { label: "Google Calendar", scopes: [SCOPES.calendarEvents, SCOPES.calendarFreeBusy], byDefault: true },
  keep: { label: "Google Keep", scopes: [SCOPES.keep], byDefault: false },
  ads: { label: "Google Ads", scopes: [SCOPES.ads], byDefault: true },
  analytics: { label: "Google Analytics", scopes: [SCOPES.analyticsRead, SCOPES.analyticsEdit], byDefault: true },
  tagmanager: {
    label: "Google Tag Manager",
    scopes: [SCOPES.gtmRead, SCOPES.gtmEdit, SCOPES.gtmVersions, SCOPES.gtmPublish],
    byDefault: true,
  },
};

/** What a person runs to add a product to an existing Google connection. */
export function connectHint(product: Product): string {
  return `agx connect google --scopes ${product}`;
}
