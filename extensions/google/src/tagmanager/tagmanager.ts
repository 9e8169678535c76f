import { CommandError, z, type CommandResult } from "@agx-ext/core";
import { mapWithLimit } from "../shared/concurrency.js";
import type { GoogleCall, GoogleClient } from "../shared/google-client.js";
import { flag, lenientList, parseResource, text } from "../shared/lenient.js";
import { skippedLine, table } from "../format.js";
import type * as inputs from "./inputs.js";
import type * as out from "./outputs.js";

const gtm = { product: "tagmanager" as const };

type Result<S extends z.ZodType> = Promise<CommandResult<z.output<S>>>;

const account = z.object({ accountId: z.string().regex(/^\d+$/), name: text() });
const container = z.object({
  accountId: text(),
  containerId: z.string().min(1),
  name: text(),
  publicId: text(),
  domainName: lenientList(z.string()),
  usageContext: lenientList(z.string()),
});
const containerVersion = z.object({ path: text(), containerVersionId: text(), name: text() }).optional().catch(undefined);

/**
 * Get Containers reads at most this many pages of accounts, and of containers per account, and at most
 * MAX_ACCOUNTS accounts: Tag Manager's lists take no page size, so the caps bound the requests.
 */
const GTM_LIST_MAX_PAGES = 5;
/** Tag Manager accounts "GTM - Get Containers" reads at most (their containers are listed one request per account). */
const GTM_MAX_ACCOUNTS = 20;

/** What create_version and publish answer. */
const versionAnswer = z.object({
  containerVersion: containerVersion,
  compilerError: flag(),
  syncStatus: z.object({ mergeConflict: flag(), syncError: flag() }).optional().catch(undefined),
  newWorkspacePath: text(),
});

/** A created or updated tag, trigger or variable: the ids and names this package reports. */
const entityAnswer = z.object({ tagId: text(), triggerId: text(), variableId: text(), name: text(), path: text(), fingerprint: text() });

type Workspace = { account_id: string; container_id: string; workspace_id: string };

/** Tag Manager API v2: containers, workspace entities, versions. */
export class TagManager {
  private readonly base: string;

  constructor(
    private readonly client: GoogleClient,
    baseUrl: string,
  ) {
    this.base = `${baseUrl.replace(/\/$/, "")}/tagmanager/v2`;
  }

  private containerPath(w: { account_id: string; container_id: string }): string {
    return `${this.base}/accounts/${w.account_id}/containers/${w.container_id}`;
  }

  private workspacePath(w: Workspace): string {
    return `${this.containerPath(w)}/workspaces/${w.workspace_id}`;
  }

  private async entity(url: string, call: GoogleCall) {
    return parseResource(entityAnswer, await this.client.call<unknown>(url, call), "tagmanager", "answer");
  }

  async getContainers(): Result<typeof out.containersOutput> {
    const accountList = await this.client.list(`${this.base}/accounts`, {
      ...gtm,
      api: "tagmanager.accounts.list",
      itemsField: "account",
      item: account,
      limit: GTM_MAX_ACCOUNTS,
      maxPages: GTM_LIST_MAX_PAGES,
    });
    const accounts = accountList.items;
    let skipped = accountList.skipped;
    let more = accountList.more;
    const perAccount = await mapWithLimit(accounts, 4, async (account) => {
      const listing = await this.client.list(`${this.base}/accounts/${account.accountId}/containers`, {
        ...gtm,
        api: "tagmanager.accounts.containers.list",
        what: `account ${account.accountId}`,
        itemsField: "container",
        item: container,
        limit: 1000,
        maxPages: GTM_LIST_MAX_PAGES,
      });
      skipped += listing.skipped;
      more ||= listing.more;
      return listing.items.map((c) => ({
        accountId: c.accountId ?? account.accountId,
        accountName: account.name ?? null,
        containerId: c.containerId,
        name: c.name,
        publicId: c.publicId,
        domainName: c.domainName ?? [],
        usageContext: c.usageContext ?? [],
      }));
    });
    const containers = perAccount.flat();
    return {
      data: { accounts: accounts.length, count: containers.length, hasMore: more, skipped, containers },
      markdown:
        (containers.length
          ? table(
              ["Account", "Container", "Name", "Public id"],
              containers.map((c) => [c.accountId, c.containerId, c.name, c.publicId]),
            )
          : "No Tag Manager containers are visible to this Google account.") + skippedLine(skipped, "account or container"),
    };
  }

  async createTag(input: z.output<typeof inputs.createTagInput>): Result<typeof out.createTagOutput> {
    const tag = await this.entity(`${this.workspacePath(input)}/tags`, {
      ...gtm,
      api: "tagmanager.accounts.containers.workspaces.tags.create",
      method: "POST",
      what: `workspace ${input.workspace_id}`,
      json: { name: input.name, type: input.type, parameter: input.parameter, firingTriggerId: input.firing_trigger_id },
    });
    return { data: { created: true, tagId: tag.tagId, tag }, markdown: `Tag "${input.name}" created (tag id ${tag.tagId}).` };
  }

  async updateTag(input: z.output<typeof inputs.updateTagInput>): Result<typeof out.updateTagOutput> {
    const url = `${this.workspacePath(input)}/tags/${input.tag_id}`;
    // GTM updates replace the whole tag and are guarded by the fingerprint of the version read.
    // The whole tag as read goes back on update (GTM replaces it), so it is kept as Google sent it.
    const current = await this.client.call<Record<string, unknown>>(url, {
      ...gtm,
      api: "tagmanager.accounts.containers.workspaces.tags.get",
      what: `tag ${input.tag_id}`,
    });
    const fingerprint = typeof current.fingerprint === "string" ? current.fingerprint : undefined;
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.type !== undefined) changes.type = input.type;
    if (input.parameter !== undefined) changes.parameter = input.parameter;
    if (input.firing_trigger_id !== undefined) changes.firingTriggerId = input.firing_trigger_id;
    if (input.blocking_trigger_id !== undefined) changes.blockingTriggerId = input.blocking_trigger_id;
    if (input.paused !== undefined) changes.paused = input.paused;
    if (input.notes !== undefined) changes.notes = input.notes;
    const updated = await this.entity(url, {
      ...gtm,
      api: "tagmanager.accounts.containers.workspaces.tags.update",
      method: "PUT",
      searchParams: { fingerprint },
      json: { ...current, ...changes },
      what: `tag ${input.tag_id}`,
    });
    return {
      data: { updated: true, tagId: updated.tagId ?? input.tag_id, changed: Object.keys(changes), tag: updated },
      markdown: `Tag ${input.tag_id} updated (${Object.keys(changes).join(", ")}).`,
    };
  }

  async createTrigger(input: z.output<typeof inputs.createTriggerInput>): Result<typeof out.createTriggerOutput> {
    const trigger = await this.entity(`${this.workspacePath(input)}/triggers`, {
      ...gtm,
      api: "tagmanager.accounts.containers.workspaces.triggers.create",
      method: "POST",
      what: `workspace ${input.workspace_id}`,
      json: {
        name: input.name,
        type: input.type,
        ...(input.custom_event_filter ? { customEventFilter: input.custom_event_filter } : {}),
        ...(input.filter ? { filter: input.filter } : {}),
      },
    });
    return { data: { created: true, triggerId: trigger.triggerId, trigger }, markdown: `Trigger "${input.name}" created (trigger id ${trigger.triggerId}).` };
  }

  async createVariable(input: z.output<typeof inputs.createVariableInput>): Result<typeof out.createVariableOutput> {
    const variable = await this.entity(`${this.workspacePath(input)}/variables`, {
      ...gtm,
      api: "tagmanager.accounts.containers.workspaces.variables.create",
      method: "POST",
      what: `workspace ${input.workspace_id}`,
      json: { name: input.name, type: input.type, ...(input.parameter ? { parameter: input.parameter } : {}) },
    });
    return {
      data: { created: true, variableId: variable.variableId, variable },
      markdown: `Variable "${input.name}" created (variable id ${variable.variableId}).`,
    };
  }

  async publishContainer(input: z.output<typeof inputs.publishInput>): Result<typeof out.publishOutput> {
    // Both scopes are checked first so a half-done publish (version created, not live) cannot come from a missing grant.
    await this.client.ensureScope("tagmanager", "tagmanager.accounts.containers.workspaces.create_version");
    await this.client.ensureScope("tagmanager", "tagmanager.accounts.containers.versions.publish");
    const created = parseResource(
      versionAnswer,
      await this.client.call<unknown>(`${this.workspacePath(input)}:create_version`, {
        ...gtm,
        api: "tagmanager.accounts.containers.workspaces.create_version",
        method: "POST",
        what: `workspace ${input.workspace_id}`,
        json: { name: input.version_name, notes: input.notes },
      }),
      "tagmanager",
      "container version",
    );
    if (created.compilerError)
      throw new CommandError(
        "CONFLICT",
        `Workspace ${input.workspace_id} does not compile; fix its errors in Tag Manager, then publish again. Nothing was published.`,
      );
    if (created.syncStatus?.mergeConflict || created.syncStatus?.syncError)
      throw new CommandError(
        "CONFLICT",
        `Workspace ${input.workspace_id} has a ${created.syncStatus.mergeConflict ? "merge conflict" : "sync error"} with the latest version; resolve it in Tag Manager first. Nothing was published.`,
      );
    const versionId = created.containerVersion?.containerVersionId;
    if (!versionId) throw new CommandError("PROVIDER_ERROR", "Tag Manager created no container version; nothing was published.");
    const published = parseResource(
      versionAnswer,
      await this.client.call<unknown>(`${this.containerPath(input)}/versions/${encodeURIComponent(versionId)}:publish`, {
        ...gtm,
        api: "tagmanager.accounts.containers.versions.publish",
        method: "POST",
        what: `version ${versionId}`,
      }),
      "tagmanager",
      "published version",
    );
    if (published.compilerError)
      throw new CommandError("CONFLICT", `Version ${versionId} was created but did not compile, so it was not published.`, { details: { versionId } });
    return {
      data: {
        published: true,
        versionId,
        versionName: input.version_name,
        // created.containerVersion is there: it gave the version id.
        version: published.containerVersion ?? created.containerVersion ?? { containerVersionId: versionId },
        newWorkspacePath: created.newWorkspacePath ?? null,
      },
      markdown: `Container ${input.container_id} published: version ${versionId} "${input.version_name}" is live.`,
    };
  }
}
