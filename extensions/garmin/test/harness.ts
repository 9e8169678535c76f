/** A host with the Garmin extension, a fake Garmin API, a real OAuth 2.0 server, and alice connected through it. */
import type { CommandError, CommandResult } from "@agx-ext/core";
import type { TestHost } from "@agx-ext/testing";
import type { OAuthTestServer } from "@agx-ext/testing/oauth";
import { startOAuthHarness } from "@agx-ext/testing/oauth-harness";
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
  const harness = await startOAuthHarness({
    extension: Garmin,
    oauth: { clientId: "garmin-consumer-key", clientSecret: "garmin-oauth2-secret", clientAuth: "body", pkce: "required" },
    async startFake(isValidToken) {
      const fake = await startFakeGarmin({ acceptsBearer: isValidToken, ...(options.verifyOAuth1 ? { verifyOAuth1: options.verifyOAuth1 } : {}) });
      seed(fake);
      return fake;
    },
    fakeSettings: (fake) => ({
      GARMIN_API_BASE_URL: fake.url,
      // Garmin names the account from its own API, not from the OAuth server.
      GARMIN_USERINFO_URL: `${fake.url}/wellness-api/rest/user/id`,
      AGX_PUBLIC_URL: "http://127.0.0.1:9/agx",
    }),
    ...(options.settings ? { settings: options.settings } : {}),
    timeZone: TIME_ZONE,
    clock: options.clock ?? (() => NOW),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  const { host, oauth, fake: garmin } = harness;

  if (options.connect !== false) {
    const connection = await harness.connect("alice");
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
    close: harness.close,
  };
}
