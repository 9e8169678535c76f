import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPECS } from "../src/cli/subcommand-specs.js";
import { CLI, makeHostDir, removeDir } from "./helpers.js";
import { agxEnv, assertBuilt } from "./process.js";

const HOST_VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
/** Settings under which anything that opens the vault or the database fails: help and --version must not need them. */
const BROKEN_HOST = { AGX_SECRET_KEY: "not-a-key", AGX_DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };

let dir: string;
/** A host of its own for --version, so that no other test's run imports the tripwire. */
let versionDir: string;
let marker: string;

/** Runs the built `agx` to completion; execFile waits until stdout and stderr are fully read. */
function runAgx(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  assertBuilt();
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd, env: agxEnv(cwd, { AGX_LOG_LEVEL: "silent", ...env }) }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout.trim(), stderr: stderr.trim() }),
    );
    child.stdin?.end(); // nobody types: agx mcp sees its client leave at once
  });
}

beforeAll(async () => {
  dir = await makeHostDir();
  versionDir = await makeHostDir();
  // An extension whose code leaves a mark when imported: --version must read its package.json alone.
  const tripwire = join(versionDir, "node_modules", "@agx-ext", "tripwire");
  marker = join(versionDir, "tripwire-imported");
  await mkdir(tripwire, { recursive: true });
  await writeFile(
    join(tripwire, "package.json"),
    JSON.stringify({ name: "@agx-ext/tripwire", version: "3.4.5", type: "module", agx: { extension: "./index.js" } }),
  );
  await writeFile(join(tripwire, "index.js"), `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "imported");\n`);
});

afterAll(async () => {
  await removeDir(dir);
  await removeDir(versionDir);
});

/** The subcommands `agx --help` lists, with their summaries. */
async function listed(): Promise<Map<string, string>> {
  const { code, stdout } = await runAgx(["--help"], dir, BROKEN_HOST);
  expect(code).toBe(0);
  const block = stdout.split("Subcommands:\n")[1]!.split("\n\n")[0]!;
  return new Map(block.split("\n").map((line) => /^ {2}(\S+)\s*(.*)$/.exec(line)!.slice(1, 3) as [string, string]));
}

describe("agx --help", () => {
  it("lists every subcommand with a one-line summary", async () => {
    const subcommands = await listed();
    expect([...subcommands.keys()].sort()).toEqual(Object.keys(SPECS).sort());
    for (const [name, summary] of subcommands) expect({ name, summary }).toEqual({ name, summary: SPECS[name as keyof typeof SPECS].summary });
    const bare = await runAgx([], dir);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain("Subcommands:");
  });

  it("gives every subcommand usage, its options and an example, as --help, -h and agx help <subcommand>", async () => {
    const subcommands = [...(await listed()).keys()];
    await Promise.all(
      subcommands.map(async (name) => {
        const spec = SPECS[name as keyof typeof SPECS];
        const forms = await Promise.all([["--help"], ["-h"]].map((flag) => runAgx([name, ...flag], dir, BROKEN_HOST)));
        forms.push(await runAgx(["help", name], dir, BROKEN_HOST));
        for (const { code, stdout, stderr } of forms) {
          expect({ name, code, stderr }).toEqual({ name, code: 0, stderr: "" });
          expect(stdout).toBe(forms[0]!.stdout);
        }
        const text = forms[0]!.stdout;
        expect(text).toMatch(new RegExp(`^Usage:\\n {2}agx ${name}\\b`));
        expect(text).toContain(spec.summary);
        for (const long of [...Object.keys(spec.options), "help"]) expect(text).toMatch(new RegExp(`--${long}\\b`));
        expect(text).toMatch(/\nExamples?:\n {2}.*\bagx /);
      }),
    );
  });

  it("uses in each example only options its subcommand declares", () => {
    for (const spec of Object.values(SPECS))
      for (const example of spec.examples) {
        const used = [...example.matchAll(/ --([a-z-]+)/g)].map((m) => m[1]!);
        expect({ example, unknown: used.filter((o) => !(o in spec.options)) }).toEqual({ example, unknown: [] });
      }
  });

  it("does not take an option's value, or what follows --, for a request for help", async () => {
    const asName = await runAgx(["run", "--", "--help"], dir);
    expect(asName.code).toBe(1);
    expect(asName.stderr).toMatch(/^NOT_FOUND: Unknown command "--help"/);
    const unknown = await runAgx(["help", "frobnicate"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown subcommand "frobnicate"');
  });
});

describe("agx --version", () => {
  it("prints the host's version and each installed extension package's, without importing extension code", async () => {
    const { code, stdout } = await runAgx(["--version"], versionDir, BROKEN_HOST);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`agx ${HOST_VERSION} (@agx-ext/host)`);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/))).toEqual([
      ["@agx-ext/broken", "0.0.1"],
      ["@agx-ext/probe", "1.2.3"],
      ["@agx-ext/tripwire", "3.4.5"],
    ]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("an unknown option", () => {
  it("names the subcommand's valid options, with the closest one, and exits 2", async () => {
    const serve = await runAgx(["serve", "--prot", "8080"], dir);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(
      /^agx: unknown option "--prot" for agx serve\. Did you mean --port\? Its options: -p, --port <n>, --host <address>, -h, --help/,
    );
  });

  it("is refused by every subcommand with its own options listed, before anything is opened", async () => {
    await Promise.all(
      Object.entries(SPECS).map(async ([name, spec]) => {
        const { code, stdout, stderr } = await runAgx([name, "--bogus-option"], dir, BROKEN_HOST);
        // agx mcp answers every start-up problem as the MCP client's failure (exit 1); the others exit 2 as usage errors.
        expect({ name, code }).toEqual({ name, code: name === "mcp" ? 1 : 2 });
        expect(stdout).toBe("");
        expect(stderr).toContain(`unknown option "--bogus-option" for agx ${name}`);
        for (const long of Object.keys(spec.options)) expect(stderr).toMatch(new RegExp(`--${long}\\b`));
        expect(stderr).not.toMatch(/AGX_SECRET_KEY|postgres/);
      }),
    );
  });

  it("names the subcommand for a stray argument and a missing value", async () => {
    const stray = await runAgx(["doctor", "extra"], dir);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument "extra": agx doctor takes none. usage: agx doctor [options]');
    const wrongForm = await runAgx(["connections", "extra"], dir);
    expect(wrongForm.code).toBe(2);
    expect(wrongForm.stderr).toContain("usage: agx connections [options]");
    expect(wrongForm.stderr).toContain("agx connections default <provider> <account>");
    const missing = await runAgx(["run", "probe/Echo", "--input"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--input <value>' argument missing \(agx run\)/);
  });
});
