/**
 * Answers Google may give that stretch what a command reports: each ends in data that matches the command's
 * output schema (the test host checks every successful result against it) or in a clear PROVIDER_ERROR.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_ID } from "./fakes/ads.js";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect();
});
afterAll(() => h.close());

describe("Gmail", () => {
  it("a received time Date cannot hold and a negative attachment size read as absent and 0", async () => {
    const id = h.gmail.seed({
      from: "a@example.test",
      to: "b@example.test",
      subject: "Odd",
      text: "t",
      attachments: [{ filename: "a.bin", mimeType: "application/octet-stream", content: Buffer.from("abc") }],
    });
    const stored = h.gmail.messages.get(id)!;
    stored.internalDate = "1e20";
    stored.payload.parts![1]!.body.size = -5;
    const result = await h.run("Google - Get Emails", {});
    const email = (result.data as { emails: Array<Record<string, unknown>> }).emails.find((e) => e.id === id)!;
    expect(email).not.toHaveProperty("receivedAt");
    expect(email.attachments).toEqual([{ filename: "a.bin", mimeType: "application/octet-stream", size: 0 }]);
    h.gmail.messages.delete(id);
  });

  it("a sent message Google answers without an id is still reported as sent", async () => {
    h.gmail.provider.route("POST /gmail/v1/users/:userId/messages/send", () => ({ json: { id: 42, labelIds: "SENT" } }));
    const result = await h.run("Google - Send Email", { to: "ana@example.test", subject: "Hi", message_text: "Hello" });
    expect(result.data).toEqual({ sent: true, id: undefined, threadId: undefined, to: ["ana@example.test"], subject: "Hi" });
    expect(result.markdown).toBe('Email "Hi" sent to ana@example.test.');
  });

  it("a label Google creates without an id is PROVIDER_ERROR, and nothing is moved", async () => {
    const id = h.gmail.seed({ from: "a@example.test", to: "b@example.test", subject: "Move me", text: "t" });
    h.gmail.provider.route("POST /gmail/v1/users/:userId/labels", () => ({ json: { name: "Receipts" } }));
    const error = await failure(h.run("Google - Move Email to Folder", { message_id: id, folder_name: "Receipts" }));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error.message).toContain('malformed label "Receipts"');
    expect(h.gmail.provider.requestsTo(`/gmail/v1/users/me/messages/${id}/modify`)).toHaveLength(0);
  });
});

describe("Google Ads", () => {
  it("a rejection naming an operation the upload did not have is an upload error, not a member", async () => {
    h.ads.provider.route("POST /:version/customers/:cid/offlineUserDataJobs/:jobAction", (req) =>
      String(req.params.jobAction).endsWith(":addOperations")
        ? {
            json: {
              partialFailureError: {
                message: "Multiple errors",
                details: [
                  {
                    errors: [
                      {
                        errorCode: { offlineUserDataJobError: "INVALID_SHA256_FORMAT" },
                        message: "bad",
                        location: { fieldPathElements: [{ fieldName: "operations", index: 7 }] },
                      },
                    ],
                  },
                ],
              },
            },
          }
        : { json: {} },
    );
    const result = await h.run("Google Ads - Create Audience", {
      customer_id: CUSTOMER_ID,
      name: "List",
      members: [{ email: "a@example.test" }, { email: "b@example.test" }],
    });
    expect(result.data).toMatchObject({
      membersSubmitted: 2,
      membersAccepted: null,
      membersRejected: 0,
      rejected: [],
      uploadErrors: [{ reason: "INVALID_SHA256_FORMAT", message: "bad" }],
    });
  });
});

describe("Google Analytics", () => {
  it("a rowCount that is not a row count falls back to the rows read", async () => {
    h.analytics.data.route("POST /v1beta/properties/:target", () => ({
      json: {
        dimensionHeaders: [{ name: "country" }],
        metricHeaders: [{ name: "activeUsers" }],
        rows: [{ dimensionValues: [{ value: "DE" }], metricValues: [{ value: "3" }] }],
        rowCount: -2.5,
      },
    }));
    const result = await h.run("Google Analytics - Get Reports", { property_id: "123456" });
    expect(result.data).toMatchObject({ rowCount: 1, rows: [{ country: "DE", activeUsers: 3 }] });
  });
});
