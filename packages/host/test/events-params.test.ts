import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { startFakeProvider, type FakeProvider } from "@agx-ext/testing/provider";
import { main } from "../src/cli/index.js";
import { createHost, type Host } from "../src/host.js";
import { PollStateEntity } from "@agx-ext/services/internals";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";
import { startReceiver, until, WEBHOOK_SECRET } from "./events-support.js";

const SEARCHES = resolve(dirname(fileURLToPath(import.meta.url)), "fixtures/searches");
const SEARCHES_SECRET = "searches-shared-secret-0123456789";
const HOOK = `/hooks/searches/Mailbox%20Changed?key=${SEARCHES_SECRET}`;
const MATCH = "searches/Match Found";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The searches provider: per user a mailbox, searched by the words of a query after a cursor (an index into the matches). */
interface Mailbox {
  provider: FakeProvider;
  add(user: string, id: string, text: string): void;
  /** The searches made, in order: user, query, cursor and whether the poll was woken. */
  searches(): { user: string; q: string; after: string; woken: string }[];
}

async function startMailbox(): Promise<Mailbox> {
  const boxes = new Map<string, { id: string; text: string }[]>();
  const provider = await startFakeProvider({
    routes: {
      "GET /search/:user": (request) => {
        const user = request.params.user!;
        const words = request.query.get("q")!.split(" ");
        const matches = (boxes.get(user) ?? []).filter((m) => words.every((w) => m.text.includes(w)));
        const after = Number(request.query.get("after"));
        return { json: { items: matches.slice(after), next: matches.length, account: `acct-${user}` } };
      },
    },
  });
  return {
    provider,
    add: (user, id, text) => boxes.set(user, [...(boxes.get(user) ?? []), { id, text }]),
    searches: () =>
      provider.requests
        .filter((r) => r.path.startsWith("/search/"))
        .map((r) => ({ user: r.params.user!, q: r.query.get("q")!, after: r.query.get("after")!, woken: r.query.get("woken")! })),
  };
}

async function hostSetup(dialect: (typeof DATABASES)[number], mailbox: Mailbox) {
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  const dir = await makeHostDir({ searches: SEARCHES });
  cleanups.push(() => removeDir(dir));
  const env = {
    AGX_DATABASE_URL: db.url,
    AGX_WEBHOOK_SECRET: WEBHOOK_SECRET,
    AGX_WEBHOOK_ALLOW_PRIVATE: "true",
    SEARCHES_URL: mailbox.provider.url,
    SEARCHES_SECRET,
    AGX_LOG_LEVEL: "error",
  };
  return { dir, env };
}

async function serve(dialect: (typeof DATABASES)[number], mailbox: Mailbox): Promise<TestServer> {
  const server = await startTestServer(await hostSetup(dialect, mailbox));
  cleanups.push(() => server.close());
  return server;
}

async function pollStates(host: Host) {
  return host.services.database.read((em) => em.find(PollStateEntity, {}, { orderBy: { params: "asc" }, disableIdentityMap: true }));
}

describe.each(DATABASES)("trigger params and wake-ups on %s", (dialect) => {
  it("checks a subscription's input against the trigger's input schema, stores it parsed, lists it, and shows the schema", { timeout: 120_000 }, async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.provider.close());
    const server = await serve(dialect, mailbox);
    const key = await server.users.add("alice");
    const subscribe = (body: unknown) => call(`${server.url}/v1/subscriptions`, { key, body });

    const triggers = (await call(`${server.url}/v1/triggers`, { key })).body.triggers as { qualifiedName: string; inputSchema?: Record<string, unknown> }[];
    expect(triggers.find((t) => t.qualifiedName === MATCH)!.inputSchema).toMatchObject({
      type: "object",
      properties: { query: { type: "string" }, limit: { default: 10 } },
      required: ["query"],
    });
    expect(triggers.find((t) => t.qualifiedName === "searches/Mailbox Changed")).not.toHaveProperty("inputSchema");

    const missing = await subscribe({ trigger: MATCH, deliver: { mcp: true } });
    expect([missing.status, missing.body.error.code, missing.body.error.details.fields]).toEqual([400, "INVALID_INPUT", ["input.query"]]);
    expect(missing.body.error.message).toContain("input.query");
    const wrong = await subscribe({ trigger: MATCH, deliver: { mcp: true }, input: { query: "invoice", limit: 500 } });
    expect([wrong.status, wrong.body.error.details.fields]).toEqual([400, ["input.limit"]]);
    const notObject = await subscribe({ trigger: MATCH, deliver: { mcp: true }, input: "invoice" });
    expect([notObject.status, notObject.body.error.details.fields]).toEqual([400, ["input"]]);
    const noParams = await subscribe({ trigger: "searches/Mailbox Changed", deliver: { mcp: true }, input: { query: "x" } });
    expect([noParams.status, noParams.body.error.message]).toEqual([400, 'Trigger "searches/Mailbox Changed" takes no input: leave input out.']);

    const made = await subscribe({ trigger: MATCH, deliver: { mcp: true }, input: { query: "invoice" } });
    expect(made.status).toBe(201);
    expect(made.body.subscription.input).toEqual({ query: "invoice", limit: 10 }); // parsed: the default applied
    // The same params in another key order, delivered the same way: the same subscription.
    expect((await subscribe({ trigger: MATCH, deliver: { mcp: true }, input: { limit: 10, query: "invoice" } })).status).toBe(409);
    // Other params: another subscription.
    expect((await subscribe({ trigger: MATCH, deliver: { mcp: true }, input: { query: "urgent" } })).status).toBe(201);
    const webhook = await subscribe({ trigger: "searches/Mailbox Changed", deliver: { mcp: true } });
    expect(webhook.body.subscription.input).toBeNull();
    const listed = (await call(`${server.url}/v1/subscriptions`, { key })).body.subscriptions as { trigger: string; input: unknown }[];
    expect(listed.map((s) => s.input)).toEqual([{ query: "invoice", limit: 10 }, { query: "urgent", limit: 10 }, null]);

    // Params the trigger's schema no longer takes (an updated extension): the poll fails saying so, and nothing is searched.
    const events = server.host.services.events;
    expect(await events.polls.pollDue()).toMatchObject({ polled: 2, failed: 0 });
    const searched = mailbox.searches().length;
    await server.host.services.database.transaction((em) =>
      em.nativeUpdate(
        PollStateEntity,
        { params: '{"limit":10,"query":"urgent"}' },
        { params: '{"limit":10,"query":""}', nextPollAt: new Date(Date.now() - 1000) },
      ),
    );
    expect(await events.polls.pollDue()).toEqual({ polled: 1, events: 0, failed: 1 });
    expect(mailbox.searches()).toHaveLength(searched);
    const urgent = (await events.subscriptions.list("alice")).find((s) => s.input?.query === "urgent")!;
    expect(urgent.poll?.lastError).toMatch(
      /^INVALID_INPUT: The subscription's input no longer fits trigger "searches\/Match Found" \(query: .*\): remove the subscription and subscribe again\.$/,
    );
  });

  it(
    "polls once per params: equal params share a poll and cursor, each params' subscriptions get its events, an event both find reaches both",
    { timeout: 120_000 },
    async () => {
      const mailbox = await startMailbox();
      cleanups.push(() => mailbox.provider.close());
      const [invoices, urgent] = [await startReceiver(), await startReceiver()];
      cleanups.push(
        () => invoices.provider.close(),
        () => urgent.provider.close(),
      );
      const server = await serve(dialect, mailbox);
      const events = server.host.services.events;
      mailbox.add("alice", "m1", "urgent invoice");
      mailbox.add("alice", "m2", "invoice paid");
      mailbox.add("alice", "m3", "urgent call");
      await events.subscriptions.add("alice", { trigger: MATCH, deliver: { url: invoices.url }, input: { query: "invoice" } });
      const shared = await events.subscriptions.add("alice", { trigger: MATCH, deliver: { mcp: true }, input: { limit: 10, query: "invoice" } });
      await events.subscriptions.add("alice", { trigger: MATCH, deliver: { url: urgent.url }, input: { query: "urgent" } });

      expect(await events.polls.pollDue()).toEqual({ polled: 2, events: 4, failed: 0 });
      // One search per params (the two invoice subscriptions share one), each from the start, on the schedule.
      expect(mailbox.searches().sort((a, b) => a.q.localeCompare(b.q))).toEqual([
        { user: "alice", q: "invoice", after: "0", woken: "false" },
        { user: "alice", q: "urgent", after: "0", woken: "false" },
      ]);
      const states = await pollStates(server.host);
      expect(states.map((s) => [s.params, s.cursor])).toEqual([
        ['{"limit":10,"query":"invoice"}', "2"],
        ['{"limit":10,"query":"urgent"}', "2"],
      ]);

      await events.deliveries.deliverDue();
      await until(() => invoices.received().length >= 2 && urgent.received().length >= 2, "the deliveries");
      expect(
        invoices
          .received()
          .map((e) => e.data)
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual([{ text: "invoice paid" }, { text: "urgent invoice" }]);
      expect(
        urgent
          .received()
          .map((e) => e.data)
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual([{ text: "urgent call" }, { text: "urgent invoice" }]);
      // m1 was found by both polls: two events, one per params, with different ids.
      const m1 = [...invoices.received(), ...urgent.received()].filter((e) => (e.data as { text: string }).text === "urgent invoice");
      expect(new Set(m1.map((e) => e.id)).size).toBe(2);
      // The MCP subscription with equal params reads the invoice poll's events, not the urgent one's.
      const latest = await events.feed.latest("alice", MATCH, new Date(0), undefined, 20, (await import("@agx-ext/services")).subscriptionParamsKey(shared));
      expect(latest.map((e) => e.sourceId).sort()).toEqual(["m1", "m2"]);

      // Listing shows each subscription's own poll.
      const listed = await events.subscriptions.list("alice");
      expect(listed.every((s) => s.poll?.lastPolledAt)).toBe(true);
    },
  );

  it("a webhook's wake runs the woken polls at once with woken true, for the account's user only, and clears the flag", { timeout: 120_000 }, async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.provider.close());
    const server = await serve(dialect, mailbox);
    const events = server.host.services.events;
    for (const user of ["alice", "bob"]) {
      mailbox.add(user, `${user}-1`, "invoice one");
      await events.subscriptions.add(user, { trigger: MATCH, deliver: { mcp: true }, input: { query: "invoice" } });
      await events.subscriptions.add(user, { trigger: MATCH, deliver: { mcp: true }, input: { query: "one" } });
    }
    // The first polls learn each user's account (acct-<user>).
    expect(await events.polls.pollDue()).toMatchObject({ polled: 4, failed: 0 });
    mailbox.add("alice", "alice-2", "invoice two");

    const hook = await call(`${server.url}${HOOK}`, {
      body: { changed: [{ account: "acct-alice" }, { account: "acct-nobody" }, { trigger: "Nope", user: "bob" }] },
    });
    expect([hook.status, hook.body]).toEqual([200, { ok: true, accepted: 0, duplicates: 0, unmatched: 0, woken: 2 }]);
    await until(() => mailbox.searches().filter((s) => s.woken === "true").length >= 2, "the woken polls");
    await until(async () => (await pollStates(server.host)).every((s) => !s.wokenAt && !s.leaseUntil), "the woken polls to finish");
    const woken = mailbox.searches().filter((s) => s.woken === "true");
    expect(woken.map((s) => [s.user, s.q, s.after]).sort()).toEqual([
      ["alice", "invoice", "1"],
      ["alice", "one", "1"],
    ]);
    const recorded = await events.feed.after(undefined, { userId: "alice" });
    expect(recorded.map((e) => e.sourceId).sort()).toEqual(["alice-1", "alice-1", "alice-2"]);
    // Answered: not due again before the interval, and bob was never woken.
    expect(await events.polls.pollDue()).toEqual({ polled: 0, events: 0, failed: 0 });
    expect(mailbox.searches().filter((s) => s.user === "bob")).toHaveLength(2);

    // A wake naming the user directly works too.
    await call(`${server.url}${HOOK}`, { body: { changed: [{ user: "bob", trigger: "searches/Match Found" }] } });
    await until(() => mailbox.searches().filter((s) => s.user === "bob" && s.woken === "true").length === 2, "bob's woken polls");
    // A wrong key: refused, nothing woken.
    expect((await call(`${server.url}/hooks/searches/Mailbox%20Changed?key=wrong`, { body: { changed: [{ user: "bob" }] } })).status).toBe(401);
  });

  it("agx subscriptions add --input stores the params and agx triggers shows the input fields", { timeout: 120_000 }, async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.provider.close());
    const { dir, env } = await hostSetup(dialect, mailbox);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const agx = (...argv: string[]) => main(argv, io, { dir, env });
    expect(await agx("triggers")).toBe(0);
    expect(out.pop()).toMatch(/searches\/Match Found\s+poll\s+1h\s+query, limit\?/);
    expect(await agx("users", "add", "alice")).toBe(0);
    expect(await agx("subscriptions", "add", MATCH, "--mcp", "--input", "{not json", "--user", "alice")).toBe(1);
    expect(err.pop()).toContain("--input must be JSON");
    expect(await agx("subscriptions", "add", MATCH, "--mcp", "--input", '{"limit":3}', "--user", "alice")).toBe(1);
    expect(err.pop()).toContain("input.query");
    expect(await agx("subscriptions", "add", MATCH, "--mcp", "--input", '{"query":"invoice"}', "--user", "alice", "--json")).toBe(0);
    expect(JSON.parse(out.pop()!)).toMatchObject({ trigger: MATCH, input: { query: "invoice", limit: 10 } });
    expect(await agx("subscriptions", "list", "--user", "alice")).toBe(0);
    expect(out.pop()).toContain('{"limit":10,"query":"invoice"}');
  });
});

describe("trigger wake-ups on two hosts sharing PostgreSQL", () => {
  it.runIf(DATABASES.includes("postgresql"))(
    "each woken poll runs once, whichever host the webhook reached and however many run the poll job",
    { timeout: 120_000 },
    async () => {
      const mailbox = await startMailbox();
      cleanups.push(() => mailbox.provider.close());
      const { dir, env } = await hostSetup("postgresql", mailbox);
      const first = await startTestServer({ dir, env });
      cleanups.push(() => first.close());
      const second = await createHost({ dir, env });
      cleanups.push(() => second.close());
      await second.start();
      const users = ["u1", "u2", "u3", "u4"];
      for (const user of users) {
        mailbox.add(user, `${user}-1`, "invoice");
        await first.host.services.events.subscriptions.add(user, { trigger: MATCH, deliver: { mcp: true }, input: { query: "invoice" } });
      }
      await Promise.all([first.host, second].map((host) => host.services.events.polls.pollDue()));
      expect(mailbox.searches()).toHaveLength(users.length);

      const hook = await call(`${first.url}${HOOK}`, { body: { changed: users.map((u) => ({ account: `acct-${u}` })) } });
      expect(hook.body.woken).toBe(users.length);
      // The host that got the webhook runs them at once; both hosts' poll jobs run too, at the same time.
      await Promise.all([first.host, second, first.host, second].map((host) => host.services.events.polls.pollDue()));
      await until(async () => (await pollStates(second)).every((s) => !s.wokenAt && !s.leaseUntil), "the woken polls to finish");
      const woken = mailbox.searches().filter((s) => s.woken === "true");
      expect(woken.map((s) => s.user).sort()).toEqual(users);
    },
  );
});
