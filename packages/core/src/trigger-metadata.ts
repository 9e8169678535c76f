import type { TriggerDefinition, TriggerKind, WebhookVerification } from "./triggers.js";

/** Where @Trigger keeps its declarations on a class; Symbol.for survives duplicate copies of core. */
export const TRIGGERS_KEY = Symbol.for("agx.triggers");

export type TriggerMarked = { [TRIGGERS_KEY]?: TriggerDefinition[] };

/** A trigger as the manifest describes it (plain data: listing triggers needs no extension code). */
export interface TriggerManifest {
  name: string;
  description: string;
  kind: TriggerKind;
  /** Poll triggers: the interval, e.g. "5m". */
  every?: string;
  /** Poll triggers with params: JSON Schema (draft 2020-12, input view) of a subscription's `input`; absent without. */
  inputSchema?: Record<string, unknown>;
  /** JSON Schema (draft 2020-12, output view) of each event's `data`. */
  outputSchema: Record<string, unknown>;
  /** Webhook triggers: how requests are verified (setting names, never values). */
  verify?: WebhookVerification;
  /** Webhook triggers: true when the trigger declares a `setup` the host runs to register its callback with the provider. */
  setup?: true;
  requires: string[];
}

/** The default poll interval, and the shortest one (the host's scheduler ticks once a minute). */
export const DEFAULT_POLL_EVERY = "5m";
const MIN_POLL_SECONDS = 60;
const MAX_POLL_SECONDS = 7 * 86_400;
const UNIT_SECONDS = { m: 60, h: 3_600, d: 86_400 } as const;

/** Seconds of an interval such as "5m", "2h" or "1d"; undefined when it is not one or is outside 1 minute to 7 days. */
export function pollIntervalSeconds(every: string): number | undefined {
  const match = /^(\d{1,5})([mhd])$/.exec(every);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds >= MIN_POLL_SECONDS && seconds <= MAX_POLL_SECONDS ? seconds : undefined;
}

/** The triggers a decorated class declares (its own and inherited ones are not merged: like commands, own only). */
export function readTriggers(target: unknown): TriggerDefinition[] {
  if (typeof target !== "function") return [];
  return [...((target as TriggerMarked)[TRIGGERS_KEY] ?? [])];
}

/** The qualified name subscriptions use: "<extension id>/<trigger name>". */
export function qualifiedTriggerName(extensionId: string, name: string): string {
  return `${extensionId}/${name}`;
}
