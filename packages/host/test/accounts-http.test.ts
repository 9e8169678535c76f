import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { attachConsole } from "../src/server/console/attach.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let oauth: OAuthTestServer;
let server: TestServer;
let key: string;

beforeAll(async () => {
  oauth = await startOAuthServer({ clientAuth: "basic" });
  dir = await makeHostDir({ linked: new URL("./fixtures/linked", import.meta.url).pathname });
  server = await startTestServer({
    dir,
    env: {
      LINKED_CLIENT_ID: oauth.clientId,
      LINKED_CLIENT_SECRET: oauth.clientSecret,
      LINKED_AUTHORIZE_URL: oauth.authorizeUrl,
      LINKED_TOKEN_URL: oauth.tokenUrl,
    },
    // The console's routes (DELETE /v1/connections/{provider}) are mounted with the console.
    attach: (host) => ({ console: attachConsole(host) }),
  });
  key = await server.users.add("erin");
});

afterAll(async () => {
  await server?.close();
  await oauth?.stop();
  await removeDir(dir);
});

/** Connects one of erin's accounts the way the console's begin and the provider's redirect would. */
async function connect(account: string) {
  const auth = server.host.services.auth;
  const begun = await auth.begin("erin", "linked", { redirectUri: "http://127.0.0.1:9/oauth/linked/callback", account });
  const { code, state } = await oauth.authorize(begun.url);
  await auth.complete(state!, { code: code! });
}

describe("several accounts over HTTP", () => {
  it("GET /v1/connections lists each account with its label and the default; DELETE ?account= removes one; a command's account input picks one", async () => {
    await connect("home");
    await connect("work");
    const listed = await call(`${server.url}/v1/connections`, { key });
    expect(listed.body.connections.map((c: { label: string; default: boolean }) => [c.label, c.default])).toEqual([
      ["home", true],
      ["work", false],
    ]);

    expect((await call(`${server.url}/v1/commands/linked_whoami`, { key, body: { account: "work" } })).status).toBe(200);
    const unknown = await call(`${server.url}/v1/commands/linked_whoami`, { key, body: { account: "play" } });
    expect(unknown.status).toBe(412);
    expect(unknown.body.error).toMatchObject({ code: "NOT_CONNECTED", details: { account: "play", accounts: ["home", "work"] } });

    const removed = await fetch(`${server.url}/v1/connections/linked?account=home`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
    expect(removed.status, await removed.clone().text()).toBe(204);
    const after = await call(`${server.url}/v1/connections`, { key });
    expect(after.body.connections).toEqual([expect.objectContaining({ provider: "linked", label: "work", default: true, status: "active" })]);
  });
});
