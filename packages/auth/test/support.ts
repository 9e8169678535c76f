/** Test wiring: a real database (SQLite file or a fresh PostgreSQL database), the auth module and a runtime. */
import { Command, Extension, HTTP, inject, readExtension, SETTINGS, z, type ExtensionClass } from "@agx-ext/core";
import { objectSettings, Runtime, validateExtension, type AuthDeclaration, type LoadedExtension } from "@agx-ext/core/host";
import { openDatabase, type Database } from "@agx-ext/db";
import { createTestDatabase, type TestDatabase, type TestDialect } from "@agx-ext/test-servers/database";
import { type HttpClient } from "../src/index.js";
import { createAuthModule, type AuthModule, type AuthModuleOptions } from "../src/host.js";

export { connectUser, startOAuthServer, type OAuthTestServer } from "@agx-ext/test-servers/oauth";
export { startFakeProvider, type FakeProvider, type FakeRequest } from "@agx-ext/test-servers/provider";
export { createTestDatabase, type TestDialect } from "@agx-ext/test-servers/database";

export const TEST_KEY = "a".repeat(64);

/** A decorated class as discovery hands it to the runtime (as @agx-ext/testing does; auth cannot depend on it). */
function loadedExtension(target: ExtensionClass): LoadedExtension {
  const definition = readExtension(target);
  if (!definition) throw new Error(`${target.name} is not decorated with @Extension`);
  const problems = validateExtension(definition);
  if (problems.length) throw new Error(`${definition.id}: ${problems.join("; ")}`);
  return { definition, package: { name: `@agx-ext/${definition.id}`, version: "0.0.0-test", dir: "", agx: { extension: "" } } };
}

/** An extension whose one command GETs `<API_URL>/v1/me` (or another path) through the injected client. */
export function providerExtension(id: string, auth: AuthDeclaration, extraSettings: Record<string, z.ZodType> = {}): ExtensionClass {
  @Extension({
    id,
    name: `Test ${id}`,
    description: "An extension under test.",
    settings: z.object({ API_URL: z.string().url(), ...extraSettings }),
    auth,
  })
  class TestProvider {
    constructor(
      @inject(HTTP) private readonly http: HttpClient,
      @inject(SETTINGS) private readonly settings: { API_URL: string },
    ) {}

    @Command({ name: `${id} get`, description: "GET a path.", input: z.object({ path: z.string().default("/v1/me"), method: z.string().default("GET") }) })
    async get(input: { path: string; method: string }) {
      const data = await this.http(`${this.settings.API_URL}${input.path}`, { method: input.method as "GET" }).json();
      return { data };
    }

    @Command({ name: `${id} raw`, description: "GET without throwing on HTTP errors.", input: z.object({ path: z.string() }) })
    async raw(input: { path: string }) {
      const response = await this.http.get(`${this.settings.API_URL}${input.path}`, { throwHttpErrors: false });
      return { data: { status: response.statusCode } };
    }
  }
  return TestProvider;
}

export interface AuthHost {
  database: Database;
  auth: AuthModule;
  runtime: Runtime;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export interface AuthHostOptions {
  dialect: TestDialect;
  extensions: ExtensionClass[];
  settings: Record<string, string>;
  /** Reuse another host's database (two hosts on one PostgreSQL database). */
  shareWith?: AuthHost;
  auth?: Partial<AuthModuleOptions>;
  /** The runtime's clock (each call's `context.now()`). */
  clock?: () => Date;
}

export async function startAuthHost(options: AuthHostOptions): Promise<AuthHost> {
  const testDb = options.shareWith?.testDb ?? (await createTestDatabase(options.dialect));
  const settings = objectSettings(options.settings);
  const database = openDatabase({ hostDir: testDb.hostDir, url: testDb.url });
  const auth = createAuthModule({
    database,
    settings,
    hostDir: testDb.hostDir,
    secretKey: TEST_KEY,
    publicUrl: "http://127.0.0.1:9/agx",
    // Generous enough for 100 concurrent calls on a loaded CI machine; hang tests shorten it.
    http: { timeoutMs: 10_000, retries: 2, backoffBaseMs: 5, backoffMaxMs: 20 },
    ...options.auth,
  });
  const runtime = new Runtime({
    extensions: options.extensions.map(loadedExtension),
    settings,
    modules: [database.module, auth],
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await runtime.start();
  return {
    database,
    auth,
    runtime,
    testDb,
    close: async () => {
      await runtime.stop();
      if (!options.shareWith) await testDb.drop();
    },
  };
}

/** Runs a command and returns the CommandError it rejected with (fails the test when it succeeds). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details?: Record<string, unknown>; retryAfterSeconds?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error("expected the call to fail");
}
