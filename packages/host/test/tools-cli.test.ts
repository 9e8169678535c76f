import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { makeHostDir, removeDir } from "./helpers.js";
import { assertBuilt, runAgx } from "./process.js";
import { startReporter, type Reporter } from "./reporter.js";

describe.each(DATABASES)("agx tools, agx commands --user and agx run's deadline on %s", (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
    env = { AGX_DATABASE_URL: database.url, AGX_LOG_LEVEL: "silent" };
    expect((await runAgx(["users", "add", "alice"], dir, env)).code).toBe(0);
  });

  afterAll(async () => {
    await database?.drop();
    await removeDir(dir);
  });

  const agx = (...args: string[]) => runAgx(args, dir, env);
  const extensionsOf = async (...args: string[]) => {
    const listed = await agx("commands", "--json", ...args);
    expect(listed.code, listed.stderr).toBe(0);
    return [...new Set((JSON.parse(listed.stdout) as { extension: string }[]).map((c) => c.extension))];
  };

  it("turns an extension off and on for one user; listings for that user follow", async () => {
    expect(await extensionsOf("--user", "alice")).toEqual(["needy", "probe"]);
    const off = await agx("tools", "disable", "probe", "--user", "alice");
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^Disabled probe for user "alice": its \d+ commands are no longer listed/);
    expect(await extensionsOf("--user", "alice")).toEqual(["needy"]);
    // Without --user the listing is the whole installation.
    expect(await extensionsOf()).toEqual(["needy", "probe"]);
    const listed = JSON.parse((await agx("tools", "list", "--user", "alice", "--json")).stdout);
    expect(listed).toEqual({
      user: "alice",
      extensions: [
        { extension: "needy", enabled: true, commands: 1 },
        { extension: "probe", enabled: false, commands: expect.any(Number) },
      ],
    });
    const mcp = JSON.parse((await agx("commands", "--format", "mcp", "--user", "alice")).stdout) as { name: string }[];
    expect(mcp.map((t) => t.name)).toEqual(["needy_echo"]);
    expect((await agx("tools", "enable", "probe", "--user", "alice")).code).toBe(0);
    expect(await extensionsOf("--user", "alice")).toEqual(["needy", "probe"]);
  });

  it("names what was wrong: an unknown extension (with close ids), an unknown user, a bad command line", async () => {
    const typo = await agx("tools", "disable", "prob", "--user", "alice");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('NOT_FOUND: No installed extension "prob". Did you mean: "probe"?');
    const ghost = await agx("tools", "disable", "probe", "--user", "ghost");
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('NOT_FOUND: There is no active user "ghost"');
    const commandsForGhost = await agx("commands", "--user", "ghost");
    expect(commandsForGhost.stderr).toContain('no active user "ghost"');
    const usage = await agx("tools", "toggle", "probe");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: agx tools enable|disable <extension>");
    const stats = await agx("commands", "--stats");
    expect(stats.code).toBe(2);
    expect(stats.stderr).toContain("--stats goes with --format mcp");
  });

  it("prints the tool list's approximate size in tokens, in total and per extension", async () => {
    const result = await agx("commands", "--format", "mcp", "--stats");
    expect(result.code, result.stderr).toBe(0);
    const tools = JSON.parse((await agx("commands", "--format", "mcp")).stdout) as { name: string }[];
    const total = Math.ceil(JSON.stringify(tools).length / 4);
    const perExtension = (prefix: string) =>
      tools.filter((t) => t.name.startsWith(prefix)).reduce((sum, t) => sum + Math.ceil(JSON.stringify(t).length / 4), 0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^EXTENSION\s+TOOLS\s+TOKENS$/);
    // Largest first.
    expect(lines[1]).toMatch(new RegExp(`^probe\\s+${tools.filter((t) => t.name.startsWith("probe_")).length}\\s+${perExtension("probe_")}$`));
    expect(lines[2]).toMatch(new RegExp(`^needy\\s+1\\s+${perExtension("needy_")}$`));
    expect(result.stdout).toContain(`total: ${tools.length} tools, about ${total} tokens (4 characters to a token)`);
    // A user's stats count only that user's tools.
    await agx("tools", "disable", "probe", "--user", "alice");
    const alice = await agx("commands", "--format", "mcp", "--stats", "--user", "alice");
    expect(alice.stdout).toContain("total: 1 tools");
    await agx("tools", "enable", "probe", "--user", "alice");
  });

  it("agx run stops a command at AGX_COMMAND_TIMEOUT_MS through its AbortSignal", async () => {
    const reporter: Reporter = await startReporter();
    try {
      const result = await runAgx(["run", "Never Finish", "--input", JSON.stringify({ reportUrl: reporter.url })], dir, {
        ...env,
        AGX_COMMAND_TIMEOUT_MS: "800",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/PROVIDER_ERROR: "Never Finish" did not finish within 0\.8 s and was told to stop/);
      expect(await reporter.next()).toBe("?started");
      expect(await reporter.next()).toBe("?aborted=TimeoutError");
    } finally {
      await reporter.close();
    }
    const bad = await runAgx(["run", "Echo"], dir, { ...env, AGX_COMMAND_TIMEOUT_MS: "-1" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('AGX_COMMAND_TIMEOUT_MS must be a positive number of milliseconds, got "-1"');
  });
});
