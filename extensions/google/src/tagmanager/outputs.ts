import { z } from "@agx-ext/core";
import { listingFields, tally } from "../outputs.js";

/* The `data` of the Tag Manager commands. Ids are digits as text. */

/** The data of GTM - List Containers: the containers of every account the user can read. */
export const containersOutput = z.strictObject({
  accounts: tally().describe("Accounts read (at most 20)"),
  ...listingFields,
  containers: z.array(
    z.strictObject({
      accountId: z.string(),
      accountName: z.string().nullable(),
      containerId: z.string(),
      name: z.string().optional(),
      publicId: z.string().optional().describe('The container\'s public id, "GTM-…"'),
      domainName: z.array(z.string()),
      usageContext: z.array(z.string()).describe("web, android, ios, amp or server"),
    }),
  ),
});

/** A created or updated tag, trigger or variable as Tag Manager answered: the ids and names reported. */
const entity = z.strictObject({
  tagId: z.string().optional(),
  triggerId: z.string().optional(),
  variableId: z.string().optional(),
  name: z.string().optional(),
  path: z.string().optional().describe('API path, "accounts/…/containers/…/workspaces/…/tags/…"'),
  fingerprint: z.string().optional(),
});

/** `data` of the "GTM - Create Tag" command. */
export const createTagOutput = z.strictObject({ created: z.literal(true), tagId: z.string().optional(), tag: entity });

/** `data` of the "GTM - Update Tag" command. */
export const updateTagOutput = z.strictObject({
  updated: z.literal(true),
  tagId: z.string(),
  changed: z.array(z.string()).describe("The tag fields changed (name, type, parameter, firingTriggerId, blockingTriggerId, paused, notes)"),
  tag: entity,
});

/** `data` of the "GTM - Create Trigger" command. */
export const createTriggerOutput = z.strictObject({ created: z.literal(true), triggerId: z.string().optional(), trigger: entity });

/** `data` of the "GTM - Create Variable" command. */
export const createVariableOutput = z.strictObject({ created: z.literal(true), variableId: z.string().optional(), variable: entity });

/** `data` of the "GTM - Publish Container" command. */
export const publishOutput = z.strictObject({
  published: z.literal(true),
  versionId: z.string(),
  versionName: z.string(),
  version: z.strictObject({ path: z.string().optional(), containerVersionId: z.string().optional(), name: z.string().optional() }),
  newWorkspacePath: z.string().nullable().describe("The workspace Tag Manager opened after the version, when it says"),
});
