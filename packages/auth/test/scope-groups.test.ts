import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { failure, providerExtension, startAuthHost, startOAuthServer } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MAIL = "https://suite.example/auth/mail";
const CAL = ["https://suite.example/auth/calendar.events", "https://suite.example/auth/calendar.freebusy"];

async function setup(defaultScopeGroups?: string[]) {
  const oauth = await startOAuthServer({ clientAuth: "body" });
  cleanups.push(() => oauth.stop());
  const declaration = oauth2({
    provider: "suite",
    authorizeUrl: "https://suite.example/authorize",
    tokenUrl: "https://suite.example/token",
    scopes: ["openid", "email", MAIL, ...CAL],
    scopeGroups: { mail: [MAIL], calendar: CAL },
    ...(defaultScopeGroups ? { defaultScopeGroups } : {}),
    pkce: true,
    clientAuth: "body",
    clientIdSetting: "SUITE_CLIENT_ID",
    clientSecretSetting: "SUITE_CLIENT_SECRET",
  });
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("suite-ext", declaration)],
    settings: {
      API_URL: "http://127.0.0.1:9",
      SUITE_CLIENT_ID: oauth.clientId,
      SUITE_CLIENT_SECRET: oauth.clientSecret,
      SUITE_AUTHORIZE_URL: oauth.authorizeUrl,
      SUITE_TOKEN_URL: oauth.tokenUrl,
    },
  });
  cleanups.push(() => host.close());
  const connect = async (scopes?: string[]) => {
    const begun = await host.auth.begin("alice", "suite", scopes ? { scopes } : {});
    const redirect = await oauth.authorize(begun.url);
    await host.auth.complete(redirect.state!, { code: redirect.code! });
    return new URL(begun.url).searchParams;
  };
  return { oauth, host, connect };
}

describe("per-product scope groups", () => {
  it("requests only the chosen groups (plus ungrouped scopes) and accumulates grants across reconnects", async () => {
    const { oauth, host, connect } = await setup();
    expect(host.auth.providers()).toContainEqual(expect.objectContaining({ provider: "suite", scopeGroups: { mail: [MAIL], calendar: CAL } }));

    const first = await connect(["mail"]);
    expect(first.get("scope")!.split(" ")).toEqual(["openid", "email", MAIL]);
    expect(first.get("include_granted_scopes")).toBe("true");
    expect(oauth.tokenRequests.at(-1)).toMatchObject({ grantType: "authorization_code", status: 200 });
    expect((await host.auth.connection("alice", "suite")).scopes).toEqual(["openid", "email", MAIL]);

    const second = await connect(["calendar"]);
    expect(second.get("scope")!.split(" ")).toEqual(["openid", "email", ...CAL]);
    // The server granted only calendar this time; the connection keeps mail from before.
    expect((await host.auth.connection("alice", "suite")).scopes.sort()).toEqual(["openid", "email", MAIL, ...CAL].sort());
  });

  it("requests every declared scope without a selection, and refuses an unknown group naming the known ones", async () => {
    const { host, connect } = await setup();
    const all = await connect();
    expect(all.get("scope")!.split(" ")).toEqual(["openid", "email", MAIL, ...CAL]);
    expect(all.get("include_granted_scopes")).toBeNull();
    const unknown = await failure(host.auth.begin("alice", "suite", { scopes: ["mail", "drive"] }));
    expect(unknown).toMatchObject({ code: "INVALID_INPUT", details: { unknown: ["drive"], groups: ["mail", "calendar"] } });
  });

  it("refuses a group naming a scope the declaration does not have", () => {
    expect(() =>
      oauth2({
        authorizeUrl: "https://x.example/a",
        tokenUrl: "https://x.example/t",
        scopes: ["a"],
        scopeGroups: { g: ["b"] },
        pkce: false,
        clientAuth: "basic",
        clientIdSetting: "X_ID",
        clientSecretSetting: "X_SECRET",
      }),
    ).toThrow(/scopeGroups\.g/);
  });

  it("a connect naming no scopes requests the default groups plus ungrouped scopes; others by name", async () => {
    const { host, connect } = await setup(["mail"]);
    expect(host.auth.providers()).toContainEqual(expect.objectContaining({ provider: "suite", defaultScopeGroups: ["mail"] }));
    const bare = await connect();
    expect(bare.get("scope")!.split(" ")).toEqual(["openid", "email", MAIL]);
    expect((await host.auth.connection("alice", "suite")).scopes).toEqual(["openid", "email", MAIL]);
    const calendar = await connect(["calendar"]);
    expect(calendar.get("scope")!.split(" ")).toEqual(["openid", "email", ...CAL]);
  });

  it("refuses default groups that are not declared groups", () => {
    expect(() =>
      oauth2({
        authorizeUrl: "https://x.example/a",
        tokenUrl: "https://x.example/t",
        scopes: ["a"],
        scopeGroups: { g: ["a"] },
        defaultScopeGroups: ["g", "h"],
        pkce: false,
        clientAuth: "basic",
        clientIdSetting: "X_ID",
        clientSecretSetting: "X_SECRET",
      }),
    ).toThrow(/defaultScopeGroups: "h"/);
  });

  it("quotes only the start of an unknown provider name", async () => {
    const { host } = await setup();
    const long = "x".repeat(5000);
    const refused = await failure(host.auth.begin("alice", long));
    expect(refused.code).toBe("NOT_FOUND");
    expect(refused.message.length).toBeLessThan(300);
    expect(JSON.stringify(refused.details).length).toBeLessThan(300);
  });
});
