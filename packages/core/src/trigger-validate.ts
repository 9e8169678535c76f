import { z } from "zod";
import type { ExtensionDefinition } from "./definition.js";
import { toJsonSchema, toOutputJsonSchema } from "./schema.js";
import { DEFAULT_POLL_EVERY, pollIntervalSeconds, type TriggerManifest } from "./trigger-metadata.js";
import type { TriggerDefinition, WebhookVerification } from "./triggers.js";

/** Every problem with an extension's trigger declarations, as sentences; empty when they are valid. */
export function validateTriggers(def: ExtensionDefinition): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const trigger of def.triggers ?? []) {
    const label = `trigger "${trigger.name}"`;
    if (typeof trigger.name !== "string" || !trigger.name.trim() || trigger.name.includes("/"))
      problems.push(`method ${String(trigger.method)} has a trigger whose name is empty or contains "/"`);
    else if (seen.has(trigger.name)) problems.push(`${label} is declared twice`);
    seen.add(trigger.name);
    if (typeof (def.target.prototype as Record<string | symbol, unknown>)[trigger.method] !== "function") problems.push(`${label} is not on a method`);
    if (trigger.kind !== "poll" && trigger.kind !== "webhook") problems.push(`${label} kind must be "poll" or "webhook"`);
    if (!(trigger.output instanceof z.ZodType)) problems.push(`${label} output must be a zod schema`);
    else {
      try {
        toOutputJsonSchema(trigger.output);
      } catch (error) {
        problems.push(`${label} output cannot be described as JSON Schema: ${(error as Error).message}`);
      }
    }
    if (trigger.kind === "poll") {
      if (trigger.every !== undefined && pollIntervalSeconds(trigger.every) === undefined)
        problems.push(`${label} every "${trigger.every}" must be minutes, hours or days such as "5m", "1h" or "1d" (from 1 minute to 7 days)`);
      if (trigger.verify !== undefined) problems.push(`${label} is a poll trigger: verify applies to webhook triggers only`);
      if (trigger.setup !== undefined) problems.push(`${label} is a poll trigger: setup applies to webhook triggers only`);
      problems.push(...inputProblems(trigger.input, label));
    }
    if (trigger.kind === "webhook") {
      if (trigger.every !== undefined) problems.push(`${label} is a webhook trigger: every applies to poll triggers only`);
      if (trigger.input !== undefined) problems.push(`${label} is a webhook trigger: input applies to poll triggers only`);
      problems.push(...verificationProblems(trigger.verify, label));
      if (trigger.setup !== undefined && typeof trigger.setup !== "function")
        problems.push(`${label} setup must be a function (context) => Promise<WebhookSetupReport>`);
    }
  }
  return problems;
}

/** A poll trigger's input is a zod object (subscriptions send an object of params) that JSON Schema can describe for forms. */
function inputProblems(input: unknown, label: string): string[] {
  if (input === undefined) return [];
  if (!(input instanceof z.ZodObject)) return [`${label} input must be a zod object schema (z.object({...})): a subscription's params are an object`];
  try {
    toJsonSchema(input);
  } catch (error) {
    return [`${label} input cannot be described as JSON Schema: ${(error as Error).message}`];
  }
  return [];
}

/** A webhook must be checkable: a signature or a shared secret, each naming its setting and where to look. */
function verificationProblems(verify: WebhookVerification | undefined, label: string): string[] {
  if (!verify?.signature && !verify?.sharedSecret)
    return [`${label} is a webhook trigger without verify.signature or verify.sharedSecret: anyone could send it events`];
  const problems: string[] = [];
  const { signature, sharedSecret, challenge } = verify;
  if (signature && (!signature.setting || !signature.header)) problems.push(`${label} verify.signature needs a setting and a header`);
  if (signature?.toleranceSeconds !== undefined && !(signature.toleranceSeconds > 0))
    problems.push(`${label} verify.signature.toleranceSeconds must be positive`);
  if (sharedSecret && (!sharedSecret.setting || (!sharedSecret.header && !sharedSecret.query)))
    problems.push(`${label} verify.sharedSecret needs a setting and a header or query parameter`);
  if (challenge && !challenge.query) problems.push(`${label} verify.challenge needs the query parameter to answer`);
  if (challenge && !!challenge.tokenQuery !== !!challenge.tokenSetting) problems.push(`${label} verify.challenge needs tokenQuery and tokenSetting together`);
  return problems;
}

/** The manifest entry of a trigger. */
export function triggerManifestOf(trigger: TriggerDefinition): TriggerManifest {
  return {
    name: trigger.name,
    description: trigger.description,
    kind: trigger.kind,
    ...(trigger.kind === "poll" ? { every: trigger.every ?? DEFAULT_POLL_EVERY } : {}),
    // Only when declared: manifests of triggers without params stay as they were.
    ...(trigger.kind === "poll" && trigger.input ? { inputSchema: toJsonSchema(trigger.input) } : {}),
    outputSchema: toOutputJsonSchema(trigger.output),
    ...(trigger.verify ? { verify: JSON.parse(JSON.stringify(trigger.verify)) as WebhookVerification } : {}),
    // A flag, not code: the host imports only the extensions that have a setup to run.
    ...(trigger.kind === "webhook" && typeof trigger.setup === "function" ? { setup: true as const } : {}),
    requires: [...(trigger.requires ?? [])],
  };
}
