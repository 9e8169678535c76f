import { CommandError, type CommandResult, type z } from "@agx-ext/core";
import { mapWithLimit } from "../shared/concurrency.js";
import type { GoogleClient } from "../shared/google-client.js";
import { table } from "../shared/markdown.js";
import { SCOPES } from "../shared/products.js";
import type * as inputs from "./inputs.js";

const read = { product: "tagmanager" as const, scope: SCOPES.gtmRead };
const edit = { product: "tagmanager" as const, scope: SCOPES.gtmEdit };
const versions = { product: "tagmanager" as const, scope: SCOPES.gtmVersions };
const publish = { product: "tagmanager" as const, scope: SCOPES.gtmPublish };

interface Container {
  accountId?: string;
  containerId?: string;
  name?: string;
  publicId?: string;
  domainName?: string[];
  usageContext?: string[];
  path?: string;
}

interface ContainerVersion {
  path?: string;
  containerVersionId?: string;
  name?: string;
}

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

  async getContainers(): Promise<CommandResult> {
    const { items: accounts } = await this.client.collect<{ accountId: string; name?: string }>(
      `${this.base}/accounts`,
      read,
      (page) => page.account as never,
      1000,
    );
    const perAccount = await mapWithLimit(accounts, 4, async (account) => {
      const { items } = await this.client.collect<Container>(
        `${this.base}/accounts/${account.accountId}/containers`,
        { ...read, what: `account ${account.accountId}` },
        (page) => page.container as never,
        1000,
      );
      return items.map((c) => ({
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
      data: { accounts: accounts.length, count: containers.length, containers },
      markdown: containers.length
        ? table(["Account", "Container", "Name", "Public id"], containers.map((c) => [c.accountId, c.containerId, c.name, c.publicId]))
        : "No Tag Manager containers are visible to this Google account.",
    };
  }

  async createTag(input: z.output<typeof inputs.createTagInput>): Promise<CommandResult> {
    const tag = await this.client.call<{ tagId?: string; name?: string; path?: string }>(`${this.workspacePath(input)}/tags`, {
      ...edit,
      method: "POST",
      what: `workspace ${input.workspace_id}`,
      json: { name: input.name, type: input.type, parameter: input.parameter, firingTriggerId: input.firing_trigger_id },
    });
    return { data: { created: true, tagId: tag.tagId, tag }, markdown: `Tag "${input.name}" created (tag id ${tag.tagId}).` };
  }

  async updateTag(input: z.output<typeof inputs.updateTagInput>): Promise<CommandResult> {
    const url = `${this.workspacePath(input)}/tags/${input.tag_id}`;
    // GTM updates replace the whole tag and are guarded by the fingerprint of the version read.
    const current = await this.client.call<Record<string, unknown> & { fingerprint?: string }>(url, { ...edit, what: `tag ${input.tag_id}` });
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.type !== undefined) changes.type = input.type;
    if (input.parameter !== undefined) changes.parameter = input.parameter;
    if (input.firing_trigger_id !== undefined) changes.firingTriggerId = input.firing_trigger_id;
    if (input.blocking_trigger_id !== undefined) changes.blockingTriggerId = input.blocking_trigger_id;
    if (input.paused !== undefined) changes.paused = input.paused;
    if (input.notes !== undefined) changes.notes = input.notes;
    const updated = await this.client.call<{ tagId?: string; name?: string; fingerprint?: string }>(url, {
      ...edit,
      method: "PUT",
      searchParams: { fingerprint: current.fingerprint },
      json: { ...current, ...changes },
      what: `tag ${input.tag_id}`,
    });
    return {
      data: { updated: true, tagId: updated.tagId ?? input.tag_id, changed: Object.keys(changes), tag: updated },
      markdown: `Tag ${input.tag_id} updated (${Object.keys(changes).join(", ")}).`,
    };
  }

  async createTrigger(input: z.output<typeof inputs.createTriggerInput>): Promise<CommandResult> {
    const trigger = await this.client.call<{ triggerId?: string }>(`${this.workspacePath(input)}/triggers`, {
      ...edit,
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

  async createVariable(input: z.output<typeof inputs.createVariableInput>): Promise<CommandResult> {
    const variable = await this.client.call<{ variableId?: string }>(`${this.workspacePath(input)}/variables`, {
      ...edit,
      method: "POST",
      what: `workspace ${input.workspace_id}`,
      json: { name: input.name, type: input.type, ...(input.parameter ? { parameter: input.parameter } : {}) },
    });
    return { data: { created: true, variableId: variable.variableId, variable }, markdown: `Variable "${input.name}" created (variable id ${variable.variableId}).` };
  }

  async publishContainer(input: z.output<typeof inputs.publishInput>): Promise<CommandResult> {
    // Both scopes are checked first so a half-done publish (version created, not live) cannot come from a missing grant.
    await this.client.ensureScope(versions.product, versions.scope);
    await this.client.ensureScope(publish.product, publish.scope);
    const created = await this.client.call<{
      containerVersion?: ContainerVersion;
      compilerError?: boolean;
      syncStatus?: { mergeConflict?: boolean; syncError?: boolean };
      newWorkspacePath?: string;
    }>(`${this.workspacePath(input)}:create_version`, {
      ...versions,
      method: "POST",
      what: `workspace ${input.workspace_id}`,
      json: { name: input.version_name, notes: input.notes },
    });
    if (created.compilerError)
      throw new CommandError("CONFLICT", `Workspace ${input.workspace_id} does not compile; fix its errors in Tag Manager, then publish again. Nothing was published.`);
    if (created.syncStatus?.mergeConflict || created.syncStatus?.syncError)
      throw new CommandError("CONFLICT", `Workspace ${input.workspace_id} has a ${created.syncStatus.mergeConflict ? "merge conflict" : "sync error"} with the latest version; resolve it in Tag Manager first. Nothing was published.`);
    const versionId = created.containerVersion?.containerVersionId;
    if (!versionId) throw new CommandError("PROVIDER_ERROR", "Tag Manager created no container version; nothing was published.");
    const published = await this.client.call<{ containerVersion?: ContainerVersion; compilerError?: boolean }>(
      `${this.containerPath(input)}/versions/${versionId}:publish`,
      { ...publish, method: "POST", what: `version ${versionId}` },
    );
    if (published.compilerError)
      throw new CommandError("CONFLICT", `Version ${versionId} was created but did not compile, so it was not published.`, { details: { versionId } });
    return {
      data: { published: true, versionId, versionName: input.version_name, version: published.containerVersion ?? created.containerVersion, newWorkspacePath: created.newWorkspacePath ?? null },
      markdown: `Container ${input.container_id} published: version ${versionId} "${input.version_name}" is live.`,
    };
  }
}
