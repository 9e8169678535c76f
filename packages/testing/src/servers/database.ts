// The stand-ins live in @agx-ext/test-servers (no host inside, so agx-ext's own packages can test with them);
// this entry keeps the import path extension authors use.
export { createTestDatabase, DATABASES, DEFAULT_TEST_PG_URL, testPostgresUrl, type TestDatabase, type TestDialect } from "@agx-ext/test-servers/database";
