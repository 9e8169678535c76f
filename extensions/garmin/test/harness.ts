/** A host with the Garmin extension, a fake Garmin API, a real OAuth 2.0 server, and alice connected through it. */
import type { CommandError, CommandResult } from "@agx-ext/core";
import { createTestHost, type TestHost } from "@agx-ext/testing";
import { connectUser, startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { expect } from "vitest";
import { Garmin } from "../src/index.js";
import { startFakeGarmin, type FakeGarmin, type FakeGarminOptions } from "./fake-garmin.js";
import { NOW, seed, TIME_ZONE } from "./fixtures.js";

export interface Harness {
  host: TestHost;
  oauth: OAuthTestServer;
  garmin: FakeGarmin;
  run(command: string, input?: Record<string, unknown>): Promise<CommandResult<any>>;
  fail(command: string, input?: Record<string, unknown>): Promise<CommandError>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Host-wide settings to leave out or replace. */
  settings?: Record<string, string | undefined>;
  connect?: boolean;
  verifyOAuth1?: FakeGarminOptions["verifyOAuth1"];
  /** The host clock; default the fixed NOW of the fixtures. */
  clock?: () => Date;
  /** The host's database; default in memory. */
  databaseUrl?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const oauth = await startOAuthServer({ clientId: "garmin-consumer-key", clientSecret: "garmin-oauth2-secret", clientAuth: "body", pkce: "required" });
  const garmin = await startFakeGarmin({
    acceptsBearer: (token) => oauth.isValidAccessToken(token),
    ...(options.verifyOAuth1 ? { verifyOAuth1: options.verifyOAuth1 } : {}),
  });
  seed(garmin);
  const settings: Record<string, string> = {};
  const all: Record<string, string | undefined> = {
    GARMIN_CLIENT_ID: oauth.clientId,
    GARMIN_CLIENT_SECRET: oauth.clientSecret,
    GARMIN_API_BASE_URL: garmin.url,
    GARMIN_AUTHORIZE_URL: oauth.authorizeUrl,
    GARMIN_TOKEN_URL: oauth.tokenUrl,
    GARMIN_USERINFO_URL: `${garmin.url}/wellness-api/rest/user/id`,
    AGX_PUBLIC_URL: "http://127.0.0.1:9/agx",
    ...options.settings,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) settings[key] = value;
  const host = await createTestHost({
    extensions: [Garmin],
    settings,
    timeZone: TIME_ZONE,
    clock: options.clock ?? (() => NOW),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });

  if (options.connect !== false) {
    const auth = host.services.auth!;
    const connection = await connectUser(auth, oauth, "alice", "garmin");
    expect(connection).toMatchObject({ status: "active", account: garmin.userId });
  }

  return {
    host,
    oauth,
    garmin,
    run: (command, input = {}) => host.execute(command, input),
    async fail(command, input = {}) {
      const error = await host.execute(command, input).then(
        () => undefined,
        (e: unknown) => e as CommandError,
      );
      expect(error, `${command} should have failed`).toBeDefined();
      return error!;
    },
    async close() {
      await host.close();
      await garmin.close();
      await oauth.stop();
    },
  };
}
