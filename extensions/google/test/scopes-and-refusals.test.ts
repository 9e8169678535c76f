import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METHOD_SCOPES } from "../src/shared/method-scopes.js";
import { PRODUCTS, SCOPES } from "../src/shared/products.js";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect("alice");
});
afterAll(() => h.close());

const A = "https://www.googleapis.com/auth/";

describe("scope checks follow each method's documented scopes", () => {
  it("does not take analytics.edit for Data API reports, which accept only analytics or analytics.readonly", async () => {
    await h.connectWithScopes("erin", [SCOPES.analyticsEdit]);
    const before = h.analytics.data.requests.length;
    const report = await failure(h.run("Google Analytics - Get Reports", { property_id: "123456" }, "erin"));
    expect(report.code).toBe("NOT_CONNECTED");
    expect(report.message).toContain("agx connect google --scopes analytics");
    expect((await failure(h.run("Google Analytics - Get Real Time Data", { property_id: "123456" }, "erin"))).code).toBe("NOT_CONNECTED");
    expect(h.analytics.data.requests.length).toBe(before);
    // The Admin API documents analytics.edit for listing and creating, so those go through.
    await expect(h.run("Google Analytics - Get Properties", {}, "erin")).resolves.toMatchObject({ data: { count: 2 } });
    await expect(h.run("Google Analytics - Create Custom Dimension", { property_id: "123456", display_name: "Erin Tier" }, "erin")).resolves.toMatchObject({
      data: { created: true },
    });
  });

  it("takes the full analytics scope for reports, as the Data API does, but not for creating a custom dimension", async () => {
    await h.connectWithScopes("fred", [`${A}analytics`]);
    await expect(h.run("Google Analytics - Get Reports", { property_id: "123456" }, "fred")).resolves.toMatchObject({ data: { rowCount: 2 } });
    const before = h.analytics.admin.requests.length;
    expect((await failure(h.run("Google Analytics - Create Custom Dimension", { property_id: "123456", display_name: "Fred Tier" }, "fred"))).code).toBe(
      "NOT_CONNECTED",
    );
    expect(h.analytics.admin.requests.length).toBe(before);
  });

  it("lists Keep notes with keep.readonly but creates them only with keep", async () => {
    await h.connectWithScopes("gina", [`${A}keep.readonly`]);
    await expect(h.run("Google - Get Keep Notes", {}, "gina")).resolves.toMatchObject({ data: { count: expect.any(Number) } });
    const before = h.keep.provider.requests.length;
    expect((await failure(h.run("Google - Create Keep Note", { title: "t", content: "c" }, "gina"))).code).toBe("NOT_CONNECTED");
    expect(h.keep.provider.requests.length).toBe(before);
  });

  it("does not take tagmanager.readonly for publishing, which needs its own scopes", async () => {
    await h.connectWithScopes("hank", [SCOPES.gtmRead]);
    await expect(h.run("GTM - Get Containers", {}, "hank")).resolves.toMatchObject({ data: { count: 2 } });
    const before = h.gtm.provider.requests.length;
    const publish = await failure(
      h.run("GTM - Publish Container", { account_id: "6000001", container_id: "9000001", workspace_id: "5", version_name: "v" }, "hank"),
    );
    expect(publish.code).toBe("NOT_CONNECTED");
    expect(h.gtm.provider.requests.length).toBe(before);
  });

  it("asks, for every product, for scopes that open every method its commands call", () => {
    const uses: Record<string, Array<keyof typeof METHOD_SCOPES>> = {
      gmail: Object.keys(METHOD_SCOPES).filter((m) => m.startsWith("gmail.")) as never,
      calendar: Object.keys(METHOD_SCOPES).filter((m) => m.startsWith("calendar.")) as never,
      keep: Object.keys(METHOD_SCOPES).filter((m) => m.startsWith("keep.")) as never,
      ads: ["googleads.adwords"],
      analytics: Object.keys(METHOD_SCOPES).filter((m) => m.startsWith("analytics")) as never,
      tagmanager: Object.keys(METHOD_SCOPES).filter((m) => m.startsWith("tagmanager.")) as never,
    };
    for (const [product, methods] of Object.entries(uses)) {
      const requested = new Set(PRODUCTS[product as keyof typeof PRODUCTS].scopes);
      for (const method of methods)
        expect(
          METHOD_SCOPES[method].some((s) => requested.has(s)),
          `${product}: ${method}`,
        ).toBe(true);
    }
  });
});

describe("Google 403s name their cause", () => {
  it("a property the account cannot see is an access problem, not a reconnect", async () => {
    const error = await failure(h.run("Google Analytics - Get Reports", { property_id: "999" }));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("no access to property properties/999");
    expect(error.message).toContain("Reconnecting will not help");
    expect(error.message).not.toMatch(/agx connect|reconnect and/i);
    expect(error.details).toMatchObject({ reason: "PERMISSION_DENIED", resource: "property properties/999" });
  });

  it("an Ads customer the login cannot reach says how to get access", async () => {
    const error = await failure(h.run("Google Ads - Get Campaigns", { customer_id: "999-999-9999" }));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("customer 9999999999");
    expect(error.message).toContain("GOOGLE_ADS_LOGIN_CUSTOMER_ID");
    expect(error.message).not.toContain("agx connect");
  });

  it("an unapproved developer token names the setting and the API Center, not the connection", async () => {
    const other = await startGoogleHarness({ GOOGLE_ADS_DEVELOPER_TOKEN: "test-only-token" });
    try {
      await other.connect();
      const error = await failure(other.run("Google Ads - Get Accounts"));
      expect(error.code).toBe("NOT_CONFIGURED");
      expect(error.message).toContain("GOOGLE_ADS_DEVELOPER_TOKEN");
      expect(error.message).toContain("DEVELOPER_TOKEN_NOT_APPROVED");
      expect(error.message).toContain("API Center");
      expect(error.message).not.toContain("test-only-token");
      expect(error.message).not.toContain("agx connect");
    } finally {
      await other.close();
    }
  });

  it("only a missing grant asks to reconnect", async () => {
    await h.connect("ivan", ["gmail"]);
    const error = await failure(h.run("Google Ads - Get Accounts", {}, "ivan"));
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("agx connect google --scopes ads");
  });
});
