import { CommandError, isCommandError, type Logger, type PollResult } from "@agx-ext/core";
import { describeIssues, pollIntervalSeconds, type Runtime, type TriggerDefinition } from "@agx-ext/core/host";
import type { Database } from "@agx-ext/db";
import type { EntityManager } from "@mikro-orm/core";
import { listTriggers, type TriggerEntry } from "./catalog.js";
import { PollStateEntity, SubscriptionEntity, TriggerAccountEntity, type EventRow, type PollStateRow } from "./entities.js";
import { checkedEvents } from "./event-check.js";
import { insertIgnoring } from "./insert-ignoring.js";
import { recordEvents } from "./record.js";

/** A poll is leased to one host for this long; the trigger is told to stop a minute before it runs out. */
const LEASE_MS = 5 * 60 * 1000;
const POLL_TIMEOUT_MS = 4 * 60 * 1000;
/** Polls per run; the rest wait for the next run. */
const BATCH = 50;
/** A cursor is stored as JSON in a text column; a trigger should keep it small. */
const MAX_CURSOR_BYTES = 64 * 1024;
/** After failures in a row the interval is doubled each time, up to this factor. */
const MAX_BACKOFF_FACTOR = 16;

export interface PollReport {
  polled: number;
  events: number;
  failed: number;
}

/**
 * Runs poll triggers for the users subscribed to them. Each (user, trigger, params) has a row holding its cursor and
 * next poll time (subscriptions with equal params share it); a host leases a due row with a conditional update
 * before polling it, so each poll runs on one host however many run the job. The events and the new cursor are written in one transaction: a host that dies
 * mid-poll leaves the old cursor, and the next poll's events carry the same ids, which are recorded once.
 */
export class PollRunner {
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly runtime: () => Runtime,
    private readonly logger: Logger,
    private readonly now: () => Date,
    /** Called with what each poll recorded (new events), after its transaction committed. */
    private readonly onRecorded: (events: EventRow[]) => void,
  ) {}

  async pollDue(): Promise<PollReport> {
    const report: PollReport = { polled: 0, events: 0, failed: 0 };
    if (this.stopped) return report;
    const work = this.run(report);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
    return report;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(report: PollReport): Promise<void> {
    const triggers = new Map(
      listTriggers(this.runtime().extensions)
        .filter((t) => t.kind === "poll")
        .map((t) => [t.qualifiedName, t]),
    );
    await this.syncStates(triggers);
    for (const state of await this.claim(triggers)) {
      if (this.stopped) {
        await this.database.transaction((em) => em.nativeUpdate(PollStateEntity, keyOf(state), { leaseUntil: null }));
        continue;
      }
      const recorded = await this.pollOne(triggers.get(state.trigger)!, state);
      report.polled++;
      if (recorded === undefined) report.failed++;
      else report.events += recorded;
    }
  }

  /** One state row per (user, poll trigger, params) with a subscription: new ones are due now, orphaned ones go. */
  private async syncStates(triggers: Map<string, TriggerEntry>): Promise<void> {
    const now = this.now();
    await this.database.transaction(async (em) => {
      const subscribed = await em.find(
        SubscriptionEntity,
        { trigger: { $in: [...triggers.keys()] } },
        { fields: ["userId", "trigger", "paramsKey", "input"], disableIdentityMap: true },
      );
      const wanted = new Map(subscribed.map((s) => [stateId(s), { userId: s.userId, trigger: s.trigger, paramsKey: s.paramsKey, params: s.input ?? "{}" }]));
      const states = await em.find(PollStateEntity, {}, { fields: ["userId", "trigger", "paramsKey"], disableIdentityMap: true });
      const orphans = states.filter((s) => !wanted.delete(stateId(s)));
      for (const orphan of orphans) await em.nativeDelete(PollStateEntity, keyOf(orphan));
      await insertIgnoring(
        em,
        PollStateEntity,
        [...wanted.values()].map((w) => ({ ...w, cursor: null, nextPollAt: now, failures: 0 })),
        ["userId", "trigger", "paramsKey"],
      );
    });
  }

  private async claim(triggers: Map<string, TriggerEntry>): Promise<PollStateRow[]> {
    const now = this.now();
    const free = { $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] };
    const due = await this.database.read((em) =>
      em.find(
        PollStateEntity,
        { trigger: { $in: [...triggers.keys()] }, nextPollAt: { $lte: now }, ...free },
        { orderBy: { nextPollAt: "asc" }, limit: BATCH, disableIdentityMap: true },
      ),
    );
    const mine: PollStateRow[] = [];
    for (const row of due) {
      const taken = await this.database.transaction((em) =>
        em.nativeUpdate(PollStateEntity, { ...keyOf(row), nextPollAt: { $lte: now }, ...free }, { leaseUntil: new Date(now.getTime() + LEASE_MS) }),
      );
      if (taken === 1) mine.push(row);
    }
    return mine;
  }

  /** Polls one user's trigger with one set of params; the number of new events, or undefined when it failed (recorded on the row). */
  private async pollOne(entry: TriggerEntry, state: PollStateRow): Promise<number | undefined> {
    const key = keyOf(state);
    const everyMs = (pollIntervalSeconds(entry.every ?? "") ?? 300) * 1000;
    // A wake that arrives while this poll runs is newer than this: the row stays due for it (see settle).
    const woken = state.wokenAt ? new Date(state.wokenAt) : null;
    try {
      const definition = await this.definitionOf(entry);
      const cursor = state.cursor ? (JSON.parse(state.cursor) as unknown) : null;
      const params = currentParams(definition, entry.qualifiedName, state.params);
      const answer = (await this.runtime().invokeTrigger(
        entry.extensionId,
        entry.name,
        { cursor, params, woken: woken !== null },
        { userId: state.userId, signal: AbortSignal.timeout(POLL_TIMEOUT_MS) },
      )) as PollResult;
      if (!answer || typeof answer !== "object") throw new Error(`trigger "${entry.qualifiedName}" returned ${typeof answer} instead of { events, cursor }`);
      const events = checkedEvents<{ id: string; data: unknown }>(definition, entry.qualifiedName, answer.events, this.logger);
      const nextCursor = JSON.stringify(answer.cursor ?? null);
      if (nextCursor.length > MAX_CURSOR_BYTES) throw new Error(`trigger "${entry.qualifiedName}" returned a cursor over ${MAX_CURSOR_BYTES} bytes`);
      const now = this.now();
      const recorded = await this.database.transaction(async (em) => {
        const fresh = await recordEvents(em, entry.qualifiedName, state.userId, events, now, state.paramsKey);
        await settle(
          em,
          key,
          woken,
          { cursor: nextCursor, leaseUntil: null, lastPolledAt: now, lastError: null, failures: 0 },
          new Date(now.getTime() + everyMs),
          now,
        );
        if (typeof answer.account === "string" && answer.account && answer.account.length <= 200)
          await em.upsert(
            TriggerAccountEntity,
            { extensionId: entry.extensionId, account: answer.account, userId: state.userId },
            { onConflictFields: ["extensionId", "account"], onConflictAction: "merge", onConflictMergeFields: ["userId"] },
          );
        return fresh;
      });
      if (recorded.length) this.onRecorded(recorded);
      return recorded.length;
    } catch (error) {
      const failure = isCommandError(error) ? error : new CommandError("INTERNAL", (error as Error).message);
      if (!isCommandError(error)) this.logger.error("trigger poll failed", { trigger: entry.qualifiedName, userId: state.userId, error: failure.message });
      const failures = state.failures + 1;
      const now = this.now();
      await this.database.transaction((em) =>
        settle(
          em,
          key,
          woken,
          { leaseUntil: null, lastPolledAt: now, failures, lastError: `${failure.code}: ${failure.message}`.slice(0, 500) },
          new Date(now.getTime() + everyMs * Math.min(2 ** (failures - 1), MAX_BACKOFF_FACTOR)),
          now,
        ),
      );
      return undefined;
    }
  }

  private async definitionOf(entry: TriggerEntry): Promise<TriggerDefinition> {
    const runtime = this.runtime();
    const handle = runtime.extensions.find((e) => e.id === entry.extensionId)!;
    const trigger = (await runtime.load(handle)).definition.triggers?.find((t) => t.name === entry.name);
    if (!trigger) throw new CommandError("NOT_FOUND", `Extension "${entry.extensionId}" no longer has trigger "${entry.name}".`);
    return trigger;
  }
}

/**
 * The stored params, parsed again by the trigger's input schema as it is now: an updated extension's new defaults
 * apply, and params its schema no longer takes fail the poll with a message saying to subscribe again.
 */
function currentParams(definition: TriggerDefinition, trigger: string, stored: string): unknown {
  const params = JSON.parse(stored || "{}") as unknown;
  if (!definition.input) return params;
  const parsed = definition.input.safeParse(params);
  if (!parsed.success)
    throw new CommandError(
      "INVALID_INPUT",
      `The subscription's input no longer fits trigger "${trigger}" (${describeIssues(parsed.error)}): remove the subscription and subscribe again.`,
    );
  return parsed.data;
}

type StateKey = Pick<PollStateRow, "userId" | "trigger" | "paramsKey">;

function keyOf(state: StateKey): StateKey {
  return { userId: state.userId, trigger: state.trigger, paramsKey: state.paramsKey };
}

function stateId(state: StateKey): string {
  return `${state.userId}\0${state.trigger}\0${state.paramsKey}`;
}

/**
 * Writes a finished poll's outcome. The poll answered the wake it was claimed with (if any), so that wake is
 * cleared and the row waits its interval; a wake that came while it ran (a newer woken_at) keeps the row due now.
 */
async function settle(em: EntityManager, key: StateKey, woken: Date | null, outcome: Partial<PollStateRow>, next: Date, now: Date): Promise<void> {
  const answered = woken === null ? { wokenAt: null } : { $or: [{ wokenAt: null }, { wokenAt: { $lte: woken } }] };
  const settled = await em.nativeUpdate(PollStateEntity, { ...key, ...answered }, { ...outcome, nextPollAt: next, wokenAt: null });
  if (settled === 0) await em.nativeUpdate(PollStateEntity, key, { ...outcome, nextPollAt: now });
}
