import { toolName, type PackageManifest } from "@agx-ext/core/host";
import type { JsonObject } from "./schema-diff.js";

/*
 * A package's contract: the part of its manifest that hosts and agents depend on. Titles and descriptions are
 * left out (changing them breaks no caller); schemas are kept whole, descriptions and all, so a baseline reads
 * like the manifest it came from.
 */

/** A command or a trigger, as callers depend on it. */
export interface MemberContract {
  name: string;
  /** Commands only: the name agents call it by over MCP (derived from extension id and command name). */
  toolName?: string;
  /** Triggers only: how events arrive (poll, webhook). */
  kind?: string;
  /** Settings it needs beyond the extension's required ones. */
  requires?: string[];
  mutates?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  inputSchema?: JsonObject;
  outputSchema?: JsonObject;
}

export interface SettingContract {
  key: string;
  required: boolean;
}

export interface ExtensionContract {
  id: string;
  settings: SettingContract[];
  commands: MemberContract[];
  triggers?: MemberContract[];
}

/** What `contracts/<package>.json` holds: the contract as of `version`, the last released one. */
export interface PackageContract {
  package: string;
  version: string;
  extensions: ExtensionContract[];
}

/** The lists of callable members in an extension's manifest, and what one of each is called in messages. */
export const MEMBER_LISTS = { commands: "command", triggers: "trigger" } as const;
export type MemberList = keyof typeof MEMBER_LISTS;

const MEMBER_FIELDS = ["kind", "requires", "mutates", "destructive", "idempotent", "inputSchema", "outputSchema"] as const;

/** The contract of a built package. The manifest is the one its build wrote; `version` is its package.json's. */
export function contractOf(manifest: PackageManifest, version: string = manifest.version): PackageContract {
  return {
    package: manifest.package,
    version,
    extensions: manifest.extensions.map((extension) => {
      const lists = extension as unknown as Record<string, unknown>;
      const contract: ExtensionContract = {
        id: extension.id,
        settings: extension.settings.map((s) => ({ key: s.key, required: s.required })),
        commands: [],
      };
      for (const list of Object.keys(MEMBER_LISTS) as MemberList[]) {
        const members = lists[list];
        if (!Array.isArray(members)) continue;
        contract[list] = members.map((m) => memberOf(extension.id, list, m as Record<string, unknown>));
      }
      return contract;
    }),
  };
}

function memberOf(extensionId: string, list: MemberList, manifest: Record<string, unknown>): MemberContract {
  const name = String(manifest.name);
  const member: MemberContract = { name, ...(list === "commands" ? { toolName: toolName(extensionId, name) } : {}) };
  for (const field of MEMBER_FIELDS) {
    if (manifest[field] !== undefined) (member as unknown as Record<string, unknown>)[field] = manifest[field];
  }
  return member;
}
