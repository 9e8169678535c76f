import { afterEach, describe, expect, it } from "vitest";
import { HOSTILE_PAGE_TOKEN, startFakeProvider, type FakeProvider } from "../src/provider.js";

let provider: FakeProvider | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

const auth = { authorization: "Bearer live-token-123" };

interface Answer {
  data: unknown[];
  meta: { next: string };
  next_token: string | null;
  echo?: string;
  padding: string;
}

async function getJson(url: string): Promise<Answer> {
  return (await (await fetch(url, { headers: auth })).json()) as Answer;
}

async function start(): Promise<FakeProvider> {
  provider = await startFakeProvider({
    bearer: ["live-token-123"],
    routes: {
      "GET /v2/items": (req) => ({
        json: {
          data: [
            { id: 1, name: "one", at: "2026-11-24T10:00:00Z", ok: true },
            { id: 2, name: "two", at: "2026-11-24T11:00:00Z", ok: false },
          ],
          next_token: req.query.get("next_token") ? null : "p2",
        },
      }),
      "GET /v2/plain": () => ({ text: "hello" }),
    },
  });
  return provider;
}

describe("hostile mode", () => {
  it("repeats a page token at a dot path on every answer", async () => {
    const api = await start();
    api.hostile({ repeatPageToken: { field: "meta.next" } });
    const first = await getJson(`${api.url}/v2/items`);
    const second = await getJson(`${api.url}/v2/items?next_token=x`);
    expect(first.meta.next).toBe(HOSTILE_PAGE_TOKEN);
    expect(second.meta.next).toBe(HOSTILE_PAGE_TOKEN);
    api.hostile({ repeatPageToken: { field: "next_token", token: "again" } });
    expect((await getJson(`${api.url}/v2/items?next_token=again`)).next_token).toBe("again");
  });

  it("mixes malformed items in with the real ones", async () => {
    const api = await start();
    api.hostile({ malformedItems: "data" });
    const body = await getJson(`${api.url}/v2/items`);
    expect(body.data).toHaveLength(6);
    expect(body.data).toContainEqual({ id: 1, name: "one", at: "2026-11-24T10:00:00Z", ok: true });
    expect(body.data).toContainEqual({ id: 2, name: "two", at: "2026-11-24T11:00:00Z", ok: false });
    expect(body.data).toContain(null);
    expect(body.data).toContain("garbage");
    expect(body.data).toContainEqual({});
    expect(body.data).toContainEqual({ id: "NaN", name: "\u0000not-a-valid-value", at: "\u0000not-a-valid-value", ok: "yes" });
  });

  it("echoes the request's bearer token at the top and in the named fields", async () => {
    const api = await start();
    api.hostile({ echoSecrets: { fields: ["name"] } });
    const body = await getJson(`${api.url}/v2/items`);
    expect(body.echo).toBe("live-token-123");
    expect((body.data as Array<{ name: string }>).map((item) => item.name)).toEqual(["one live-token-123", "two live-token-123"]);
    expect((body.data[0] as { at: string }).at).toBe("2026-11-24T10:00:00Z");
  });

  it("echoes a form secret when there is no Authorization header", async () => {
    provider = await startFakeProvider({ routes: { "POST /token": () => ({ json: { access_token: "a" } }) } });
    const answer = await fetch(`${provider.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&refresh_token=refresh-secret-9",
    });
    provider.hostile({ echoSecrets: {} });
    expect(((await answer.json()) as Answer).echo).toBeUndefined();
    const echoed = await fetch(`${provider.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&refresh_token=refresh-secret-9",
    });
    expect(((await echoed.json()) as Answer).echo).toBe("refresh-secret-9");
  });

  it("pads JSON answers and replaces text answers with a huge body", async () => {
    const api = await start();
    api.hostile({ hugeBodyBytes: 3_000_000 });
    const json = await getJson(`${api.url}/v2/items`);
    expect(json.padding).toHaveLength(3_000_000);
    expect(json.data).toHaveLength(2);
    expect(await (await fetch(`${api.url}/v2/plain`, { headers: auth })).text()).toHaveLength(3_000_000);
  });

  it("drops the connection without answering, only on matching paths, until calmed", async () => {
    const api = await start();
    api.hostile({ path: "/v2/items", dropConnection: true });
    await expect(fetch(`${api.url}/v2/items`, { headers: auth })).rejects.toThrow();
    expect(await (await fetch(`${api.url}/v2/plain`, { headers: auth })).text()).toBe("hello");
    api.hostile();
    expect((await fetch(`${api.url}/v2/items`, { headers: auth })).status).toBe(200);
    expect(api.requestsTo("/v2/items")).toHaveLength(2);
  });

  it("answers late when asked to, while other paths answer at once", async () => {
    const api = await start();
    api.hostile({ path: /plain/, delayMs: 1000 });
    const settled: string[] = [];
    const late = fetch(`${api.url}/v2/plain`, { headers: auth }).then(async (r) => (settled.push("late"), r.text()));
    const onTime = await fetch(`${api.url}/v2/items`, { headers: auth }).then((r) => (settled.push("on time"), r));
    expect(onTime.status).toBe(200);
    expect(await late).toBe("hello");
    expect(settled).toEqual(["on time", "late"]);
  });

  it("leaves the bearer check and faults as they are", async () => {
    const api = await start();
    api.hostile({ echoSecrets: {} });
    const denied = await fetch(`${api.url}/v2/items`, { headers: { authorization: "Bearer wrong" } });
    expect(denied.status).toBe(401);
    expect(await denied.text()).not.toContain("wrong");
    api.fault({ status: 503 });
    expect((await fetch(`${api.url}/v2/items`, { headers: auth })).status).toBe(503);
  });
});

describe("hostile mode on APIs that answer with a bare array", () => {
  it("mixes malformed items into the reply itself, echoes secrets into its items and pads it", async () => {
    provider = await startFakeProvider({
      bearer: ["live-token-123"],
      routes: {
        "GET /summaries": () => ({
          json: [
            { id: "a", note: "first" },
            { id: "b", note: "second" },
          ],
        }),
      },
    });
    provider.hostile({ malformedItems: "$", echoSecrets: { fields: ["note"] } });
    const body = (await (await fetch(`${provider.url}/summaries`, { headers: auth })).json()) as unknown[];
    expect(body).toHaveLength(6);
    expect(body).toContainEqual({ id: "a", note: "first live-token-123" });
    expect(body).toContain(null);
    expect(body).toContainEqual({ id: "\u0000not-a-valid-value", note: "\u0000not-a-valid-value live-token-123" });
    provider.hostile({ hugeBodyBytes: 1000 });
    const padded = (await (await fetch(`${provider.url}/summaries`, { headers: auth })).json()) as Array<{ padding?: string }>;
    expect(padded).toHaveLength(3);
    expect(padded[2]?.padding).toHaveLength(1000);
  });

  it("repeats page tokens only on successful answers", async () => {
    provider = await startFakeProvider({
      routes: { "GET /ok": () => ({ json: { items: [] } }), "GET /bad": () => ({ status: 400, json: { error: "invalid page token" } }) },
    });
    provider.hostile({ repeatPageToken: { field: "next" } });
    expect(await (await fetch(`${provider.url}/ok`)).json()).toEqual({ items: [], next: HOSTILE_PAGE_TOKEN });
    expect(await (await fetch(`${provider.url}/bad`)).json()).toEqual({ error: "invalid page token" });
  });
});
