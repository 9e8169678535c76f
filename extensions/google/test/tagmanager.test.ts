import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect();
});
afterAll(() => h.close());

const ws = { account_id: "6000001", container_id: "9000001", workspace_id: "5" };
const WS_PATH = "/tagmanager/v2/accounts/6000001/containers/9000001/workspaces/5";

describe("Google Tag Manager", () => {
  it("lists the containers of every account", async () => {
    const result = await h.run("GTM - Get Containers");
    expect(result.data).toMatchObject({
      accounts: 2,
      count: 2,
      containers: [
        { accountId: "6000001", accountName: "Shop", containerId: "9000001", publicId: "GTM-001", domainName: ["example.test"] },
        { accountId: "6000002", accountName: "Blog", containerId: "9000002" },
      ],
    });
  });

  it("creates a trigger, a variable and a tag that fires on the trigger", async () => {
    const trigger = await h.run("GTM - Create Trigger", {
      ...ws,
      name: "Signup event",
      type: "customEvent",
      custom_event_filter: [
        {
          type: "equals",
          parameter: [
            { type: "template", key: "arg0", value: "{{_event}}" },
            { type: "template", key: "arg1", value: "signup" },
          ],
        },
      ],
    });
    const triggerId = (trigger.data as { triggerId: string }).triggerId;
    expect(h.gtm.provider.requestsTo(`${WS_PATH}/triggers`, "POST").at(-1)!.body).toMatchObject({
      name: "Signup event",
      type: "customEvent",
      customEventFilter: [{ type: "equals" }],
    });

    const variable = await h.run("GTM - Create Variable", { ...ws, name: "DL plan", type: "v", parameter: [{ type: "template", key: "name", value: "plan" }] });
    expect((variable.data as { variableId: string }).variableId).toBeTruthy();

    const tag = await h.run("GTM - Create Tag", {
      ...ws,
      name: "Signup pixel",
      type: "html",
      parameter: [{ type: "template", key: "html", value: "<script>track()</script>" }],
      firing_trigger_id: [triggerId],
    });
    const tagId = (tag.data as { tagId: string }).tagId;
    expect(h.gtm.tags.get(tagId)).toMatchObject({ name: "Signup pixel", firingTriggerId: [triggerId] });
  });

  it("refuses a customEvent trigger without a filter before any request", async () => {
    const count = h.gtm.provider.requests.length;
    const error = await failure(h.run("GTM - Create Trigger", { ...ws, name: "Broken", type: "customEvent" }));
    expect(error.details?.fields).toContain("custom_event_filter");
    expect((await failure(h.run("GTM - Create Tag", { ...ws, account_id: "acc/../1", name: "x", type: "html" }))).details?.fields).toContain("account_id");
    expect(h.gtm.provider.requests.length).toBe(count);
  });

  it("updates a tag by merging changes into the current one, guarded by its fingerprint", async () => {
    const created = await h.run("GTM - Create Tag", {
      ...ws,
      name: "Old name",
      type: "html",
      parameter: [{ type: "template", key: "html", value: "<b>x</b>" }],
    });
    const tagId = (created.data as { tagId: string }).tagId;
    const fingerprint = h.gtm.tags.get(tagId)!.fingerprint;
    const result = await h.run("GTM - Update Tag", { ...ws, tag_id: tagId, name: "New name", paused: true });
    expect(result.data).toMatchObject({ updated: true, changed: ["name", "paused"] });
    const put = h.gtm.provider.requestsTo(`${WS_PATH}/tags/${tagId}`, "PUT").at(-1)!;
    expect(put.query.get("fingerprint")).toBe(fingerprint);
    expect(h.gtm.tags.get(tagId)).toMatchObject({ name: "New name", paused: true, type: "html", parameter: [{ key: "html", value: "<b>x</b>" }] });
    expect((await failure(h.run("GTM - Update Tag", { ...ws, tag_id: tagId }))).code).toBe("INVALID_INPUT");
    expect((await failure(h.run("GTM - Update Tag", { ...ws, tag_id: "424242", name: "x" }))).code).toBe("NOT_FOUND");
  });

  it("publishes by creating a version, then publishing that version", async () => {
    const result = await h.run("GTM - Publish Container", { ...ws, version_name: "Release 12", notes: "Signup tracking" });
    const versionId = (result.data as { versionId: string }).versionId;
    expect(h.gtm.provider.requestsTo(`${WS_PATH}:create_version`, "POST").at(-1)!.body).toEqual({ name: "Release 12", notes: "Signup tracking" });
    expect(h.gtm.provider.requestsTo(`/tagmanager/v2/accounts/6000001/containers/9000001/versions/${versionId}:publish`, "POST")).toHaveLength(1);
    expect(h.gtm.published).toEqual([versionId]);
  });

  it("does not publish when the workspace does not compile", async () => {
    h.gtm.breakCompilation();
    const before = h.gtm.published.length;
    const error = await failure(h.run("GTM - Publish Container", { ...ws, version_name: "Broken" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("Nothing was published");
    expect(h.gtm.published.length).toBe(before);
  });
});
