import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { DEFAULT_PARAMS_KEY } from "@agx-ext/services/internals";
import { EventEntity, PollStateEntity, SubscriptionEntity } from "@agx-ext/services/internals";
import { createHost, type Host } from "../src/host.js";
import { removeDir } from "./helpers.js";
import { eventsHostDir, SIGNALS_SECRET, startSignalsFeed } from "./events-support.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MIGRATION = "Migration20261202130143_trigger_params";

/** The three tables as the host's initial migration made them, before trigger params. */
const BEFORE = {
  postgresql: [
    `create table "agx_subscriptions" ("id" varchar(40) not null, "user_id" varchar(128) not null, "trigger" varchar(300) not null, "url" text null, "mcp" boolean not null, "filter" text null, "created_at" timestamptz not null, constraint "agx_subscriptions_pkey" primary key ("id"))`,
    `create index "agx_subscriptions_trigger_user_id_index" on "agx_subscriptions" ("trigger", "user_id")`,
    `create table "agx_trigger_polls" ("user_id" varchar(128) not null, "trigger" varchar(300) not null, "cursor" text null, "next_poll_at" timestamptz not null, "lease_until" timestamptz null, "last_polled_at" timestamptz null, "last_error" text null, "failures" int not null default 0, constraint "agx_trigger_polls_pkey" primary key ("user_id", "trigger"))`,
    `create index "agx_trigger_polls_next_poll_at_index" on "agx_trigger_polls" ("next_poll_at")`,
    `create table "agx_events" ("id" varchar(40) not null, "trigger" varchar(300) not null, "user_id" varchar(128) not null, "source_id" varchar(200) not null, "data" text not null, "created_at" timestamptz not null, constraint "agx_events_pkey" primary key ("id"))`,
    `create index "agx_events_user_id_trigger_created_at_index" on "agx_events" ("user_id", "trigger", "created_at")`,
    `create index "agx_events_created_at_index" on "agx_events" ("created_at")`,
  ],
  sqlite: [
    "create table `agx_subscriptions` (`id` text not null, `user_id` text not null, `trigger` text not null, `url` text null, `mcp` integer not null, `filter` text null, `created_at` datetime not null, primary key (`id`))",
    "create index `agx_subscriptions_trigger_user_id_index` on `agx_subscriptions` (`trigger`, `user_id`)",
    "create table `agx_trigger_polls` (`user_id` text not null, `trigger` text not null, `cursor` text null, `next_poll_at` datetime not null, `lease_until` datetime null, `last_polled_at` datetime null, `last_error` text null, `failures` integer not null default 0, primary key (`user_id`, `trigger`))",
    "create index `agx_trigger_polls_next_poll_at_index` on `agx_trigger_polls` (`next_poll_at`)",
    "create table `agx_events` (`id` text not null, `trigger` text not null, `user_id` text not null, `source_id` text not null, `data` text not null, `created_at` datetime not null, primary key (`id`))",
    "create index `agx_events_user_id_trigger_created_at_index` on `agx_events` (`user_id`, `trigger`, `created_at`)",
    "create index `agx_events_created_at_index` on `agx_events` (`created_at`)",
  ],
};
const OLD_COLUMNS = {
  agx_subscriptions: "id, user_id, trigger, url, mcp, filter, created_at",
  agx_trigger_polls: "user_id, trigger, cursor, next_poll_at, lease_until, last_polled_at, last_error, failures",
  agx_events: "id, trigger, user_id, source_id, data, created_at",
};

/** Takes the events tables back to the initial migration's shape, rows kept, and forgets the params migration. */
async function backToBeforeParams(host: Host, dialect: (typeof DATABASES)[number]): Promise<void> {
  const quote = (name: string) => (dialect === "postgresql" ? `"${name}"` : `\`${name}\``);
  const q = (text: string) => text.replace(/\b(trigger|cursor)\b(?=[,) ])/g, (name) => quote(name));
  await host.services.database.transaction(async (em) => {
    const run = (sql: string) => em.getConnection().execute(sql, [], "run", em.getTransactionContext());
    for (const [table, columns] of Object.entries(OLD_COLUMNS)) {
      await run(q(`create table old_${table} as select ${columns} from ${table}`));
      await run(`drop table ${table}`);
    }
    for (const statement of BEFORE[dialect]) await run(statement);
    for (const [table, columns] of Object.entries(OLD_COLUMNS)) {
      await run(q(`insert into ${table} (${columns}) select ${columns} from old_${table}`));
      await run(`drop table old_${table}`);
    }
    await run(`delete from agx_migrations where name = '${MIGRATION}'`);
  });
}

describe.each(DATABASES)("upgrading a database with subscriptions to trigger params on %s", (dialect) => {
  it("keeps subscriptions, polls (cursor included) and events, with the key of no params, and polls on from the cursor", { timeout: 120_000 }, async () => {
    const db = await createTestDatabase(dialect);
    cleanups.push(() => db.drop());
    const dir = await eventsHostDir();
    cleanups.push(() => removeDir(dir));
    const feed = await startSignalsFeed();
    cleanups.push(() => feed.provider.close());
    const env = { AGX_DATABASE_URL: db.url, SIGNALS_FEED_URL: feed.provider.url, SIGNALS_SECRET, AGX_LOG_LEVEL: "error" };

    const before = await createHost({ dir, env });
    await before.start();
    const subscription = await before.services.events.subscriptions.add("carol", { trigger: "signals/Signal Raised", deliver: { mcp: true } });
    feed.add("carol", "s1");
    expect(await before.services.events.polls.pollDue()).toMatchObject({ polled: 1, events: 1 });
    await backToBeforeParams(before, dialect);
    await before.close();

    const after = await createHost({ dir, env });
    cleanups.push(() => after.close());
    await after.start();
    expect(after.services.database.appliedMigrations.map((m) => m.name)).toEqual([MIGRATION]);
    const rows = await after.services.database.read(async (em) => ({
      subscriptions: await em.find(SubscriptionEntity, {}, { disableIdentityMap: true }),
      polls: await em.find(PollStateEntity, {}, { disableIdentityMap: true }),
      events: await em.find(EventEntity, {}, { disableIdentityMap: true }),
    }));
    expect(rows.subscriptions.map((s) => [s.id, s.paramsKey, s.input ?? null])).toEqual([[subscription.id, DEFAULT_PARAMS_KEY, null]]);
    expect(rows.polls.map((p) => [p.userId, p.paramsKey, p.params, p.cursor, p.wokenAt ?? null])).toEqual([["carol", DEFAULT_PARAMS_KEY, "{}", "1", null]]);
    expect(rows.events.map((e) => [e.sourceId, e.paramsKey])).toEqual([["s1", DEFAULT_PARAMS_KEY]]);
    // The subscription still finds its poll.
    expect((await after.services.events.subscriptions.list("carol"))[0]!.poll?.lastPolledAt).toBeTruthy();

    // Polling on: from the kept cursor, and s1 (returned again) is still the same event, recorded once.
    feed.add("carol", "s2");
    await after.services.database.transaction((em) => em.nativeUpdate(PollStateEntity, {}, { nextPollAt: new Date(Date.now() - 1000), cursor: "0" }));
    expect(await after.services.events.polls.pollDue()).toEqual({ polled: 1, events: 1, failed: 0 });
    const events = await after.services.events.feed.after(undefined, { userId: "carol" });
    expect(events.map((e) => e.sourceId)).toEqual(["s1", "s2"]);
  });
});
