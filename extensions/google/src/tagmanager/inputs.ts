import { z } from "@agx-ext/core";
import { numericId } from "../inputs.js";

const PARAMETER_TYPES = ["template", "integer", "boolean", "list", "map", "triggerReference", "tagReference"] as const;

/** A GTM Parameter: {type, key, value} or a list/map of nested parameters. */
const parameter = z.object({
  type: z.enum(PARAMETER_TYPES),
  key: z.string().min(1).optional(),
  value: z.string().optional(),
  list: z.array(z.record(z.string(), z.unknown())).optional(),
  map: z.array(z.record(z.string(), z.unknown())).optional(),
});

const parameters = z.array(parameter).max(200);

const workspacePath = {
  account_id: numericId("account id"),
  container_id: numericId("container id"),
  workspace_id: numericId("workspace id"),
};

const triggerIds = z.array(numericId("trigger id")).max(100);

/** Input of the "GTM - Get Containers" command. */
export const containersInput = z.object({});

/** Input of the "GTM - Create Tag" command. */
export const createTagInput = z.object({
  ...workspacePath,
  name: z.string().trim().min(1).max(255),
  type: z.string().regex(/^[A-Za-z0-9_]+$/, 'expected a GTM tag type like "html", "googtag" or "gaawe"'),
  parameter: parameters.default([]),
  firing_trigger_id: triggerIds.default([]),
});

/** Input of the "GTM - Update Tag" command. */
export const updateTagInput = z
  .object({
    ...workspacePath,
    tag_id: numericId("tag id"),
    name: z.string().trim().min(1).max(255).optional(),
    type: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/)
      .optional(),
    parameter: parameters.optional(),
    firing_trigger_id: triggerIds.optional(),
    blocking_trigger_id: triggerIds.optional(),
    paused: z.boolean().optional(),
    notes: z.string().max(10_000).optional(),
  })
  .refine((v) => [v.name, v.type, v.parameter, v.firing_trigger_id, v.blocking_trigger_id, v.paused, v.notes].some((f) => f !== undefined), {
    message: "give at least one field to change (name, type, parameter, firing_trigger_id, blocking_trigger_id, paused, notes)",
    path: ["tag_id"],
  });

const CONDITION_TYPES = [
  "equals",
  "contains",
  "startsWith",
  "endsWith",
  "matchRegex",
  "greater",
  "greaterOrEquals",
  "less",
  "lessOrEquals",
  "cssSelector",
  "urlMatches",
] as const;

const condition = z.object({ type: z.enum(CONDITION_TYPES), parameter: parameters.min(2) });

/** Input of the "GTM - Create Trigger" command. */
export const createTriggerInput = z
  .object({
    ...workspacePath,
    name: z.string().trim().min(1).max(255),
    type: z.enum([
      "pageview",
      "domReady",
      "windowLoaded",
      "customEvent",
      "click",
      "linkClick",
      "formSubmission",
      "historyChange",
      "jsError",
      "timer",
      "scrollDepth",
      "elementVisibility",
      "youTubeVideo",
      "triggerGroup",
      "init",
      "consentInit",
    ]),
    custom_event_filter: z
      .array(condition)
      .optional()
      .describe(
        'For customEvent: e.g. [{type:"equals", parameter:[{type:"template",key:"arg0",value:"{{_event}}"},{type:"template",key:"arg1",value:"signup"}]}]',
      ),
    filter: z.array(condition).optional(),
  })
  .refine((v) => v.type !== "customEvent" || (v.custom_event_filter?.length ?? 0) > 0, {
    message: "customEvent triggers need a custom_event_filter naming the event",
    path: ["custom_event_filter"],
  });

/** Input of the "GTM - Create Variable" command. */
export const createVariableInput = z.object({
  ...workspacePath,
  name: z.string().trim().min(1).max(255),
  type: z.string().regex(/^[A-Za-z0-9_]+$/, 'expected a GTM variable type like "v" (data layer), "c" (constant) or "jsm"'),
  parameter: parameters.optional(),
});

/** Input of the "GTM - Publish Container" command. */
export const publishInput = z.object({
  ...workspacePath,
  version_name: z.string().trim().min(1).max(255),
  notes: z.string().max(10_000).default(""),
});
