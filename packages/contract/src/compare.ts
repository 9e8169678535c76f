import { MEMBER_LISTS, type ExtensionContract, type MemberContract, type MemberList, type PackageContract } from "./contract.js";
import type { Level } from "./levels.js";
import { diffSchemas, type JsonObject } from "./schema-diff.js";

/** One difference between a package's baseline and its current contract, with the bump it needs. */
export interface ContractChange {
  level: Level;
  extension: string;
  /** What changed, as a person names it: `command "Get Steps" (garmin_get_steps)`, `setting GARMIN_URL`. */
  subject: string;
  /** The field inside it, when there is one: `input.date`, `output.items[].id`, `requires`. */
  field?: string;
  message: string;
}

/** A command or trigger without an input schema takes none: later inputs are compared against an empty object. */
const NO_INPUT: JsonObject = { type: "object", properties: {} };

/** Every difference from `before` (the released baseline) to `after` (the build), biggest first. */
export function compareContracts(before: PackageContract, after: PackageContract): ContractChange[] {
  const changes: ContractChange[] = [];
  const next = new Map(after.extensions.map((e) => [e.id, e]));
  for (const old of before.extensions) {
    const current = next.get(old.id);
    if (!current) {
      const members = Object.keys(MEMBER_LISTS).reduce((n, list) => n + (old[list as MemberList]?.length ?? 0), 0);
      changes.push({ level: "major", extension: old.id, subject: `extension "${old.id}"`, message: `removed, with its ${members} commands and triggers` });
      continue;
    }
    compareExtension(old, current, changes);
  }
  for (const added of after.extensions) {
    if (!before.extensions.some((e) => e.id === added.id))
      changes.push({ level: "minor", extension: added.id, subject: `extension "${added.id}"`, message: "new extension" });
  }
  const rank = { major: 0, minor: 1, patch: 2 };
  return changes.sort((a, b) => rank[a.level] - rank[b.level]);
}

function compareExtension(before: ExtensionContract, after: ExtensionContract, changes: ContractChange[]): void {
  compareSettings(before, after, changes);
  for (const [list, noun] of Object.entries(MEMBER_LISTS) as [MemberList, string][]) {
    const olds = before[list] ?? [];
    const news = after[list] ?? [];
    for (const old of olds) {
      const current = news.find((m) => m.name === old.name);
      const subject = `${noun} ${describe(old)}`;
      if (current) {
        compareMember(before.id, subject, old, current, changes);
        continue;
      }
      // A rename shows as a removal and an addition; the one new member with the same schemas is probably the renamed one.
      const lookalikes = news.filter((m) => !olds.some((o) => o.name === m.name) && sameSchemas(m, old));
      const message = lookalikes.length === 1 ? `removed (renamed to "${lookalikes[0]!.name}"? callers still use the old name)` : "removed";
      changes.push({ level: "major", extension: before.id, subject, message });
    }
    for (const added of news) {
      if (!olds.some((o) => o.name === added.name))
        changes.push({ level: "minor", extension: before.id, subject: `${noun} ${describe(added)}`, message: `new ${noun}` });
    }
  }
}

function compareSettings(before: ExtensionContract, after: ExtensionContract, changes: ContractChange[]): void {
  const push = (level: Level, key: string, message: string) => changes.push({ level, extension: before.id, subject: `setting ${key}`, message });
  for (const old of before.settings) {
    const current = after.settings.find((s) => s.key === old.key);
    if (!current) push("patch", old.key, "no longer used");
    else if (!old.required && current.required) push("major", old.key, "now required: hosts must set it before they upgrade");
    else if (old.required && !current.required) push("patch", old.key, "now optional");
  }
  for (const added of after.settings) {
    if (before.settings.some((s) => s.key === added.key)) continue;
    if (added.required) push("major", added.key, "new required setting: hosts must set it before they upgrade");
    else push("minor", added.key, "new optional setting");
  }
}

function compareMember(extension: string, subject: string, before: MemberContract, after: MemberContract, changes: ContractChange[]): void {
  const push = (level: Level, field: string | undefined, message: string) => changes.push({ level, extension, subject, ...(field ? { field } : {}), message });

  if (before.toolName && after.toolName && before.toolName !== after.toolName)
    push("major", "toolName", `tool name changed from ${before.toolName} to ${after.toolName}: agents call it by that name`);
  if (before.kind !== undefined && after.kind !== undefined && before.kind !== after.kind)
    push("major", "kind", `changed from ${before.kind} to ${after.kind}`);

  // Hints are promises to callers (read-only, not destructive, safe to retry): withdrawing one is breaking.
  if (before.mutates === false && after.mutates === true) push("major", "mutates", "now changes state (was read-only)");
  if (before.mutates === true && after.mutates === false) push("patch", "mutates", "no longer changes state");
  if (before.destructive === false && after.destructive === true) push("major", "destructive", "now destructive");
  if (before.destructive === true && after.destructive === false) push("patch", "destructive", "no longer destructive");
  if (before.idempotent === true && after.idempotent === false) push("major", "idempotent", "no longer idempotent: a retried call may repeat its effect");
  if (before.idempotent === false && after.idempotent === true) push("patch", "idempotent", "now idempotent");

  const oldRequires = before.requires ?? [];
  const newRequires = after.requires ?? [];
  for (const key of newRequires.filter((k) => !oldRequires.includes(k))) push("major", "requires", `now needs setting ${key}`);
  for (const key of oldRequires.filter((k) => !newRequires.includes(k))) push("patch", "requires", `no longer needs setting ${key}`);

  if (before.inputSchema || after.inputSchema) {
    for (const c of diffSchemas(before.inputSchema ?? NO_INPUT, after.inputSchema ?? NO_INPUT, "input")) push(c.level, c.field, c.message);
  }
  if (before.outputSchema && after.outputSchema) {
    for (const c of diffSchemas(before.outputSchema, after.outputSchema, "output")) push(c.level, c.field, c.message);
  } else if (before.outputSchema) {
    push("major", "output", "no longer declares its output: callers lose the promised shape");
  } else if (after.outputSchema) {
    push("patch", "output", "now declares its output");
  }
}

function describe(member: MemberContract): string {
  return member.toolName ? `"${member.name}" (${member.toolName})` : `"${member.name}"`;
}

function sameSchemas(a: MemberContract, b: MemberContract): boolean {
  if (!a.inputSchema && !a.outputSchema) return false;
  return JSON.stringify([a.inputSchema, a.outputSchema]) === JSON.stringify([b.inputSchema, b.outputSchema]);
}

/** One line per change: `major  garmin: command "Get Steps" (garmin_get_steps): input.date: maxLength lowered from 10 to 8`. */
export function formatChange(change: ContractChange): string {
  const where = change.field ? `${change.subject}: ${change.field}` : change.subject;
  return `${change.level.padEnd(5)}  ${change.extension}: ${where}: ${change.message}`;
}
