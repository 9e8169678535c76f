import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HOST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(HOST_DIR, "dist", "cli.js");
const CORE_DIR = resolve(HOST_DIR, "node_modules", "@agx-ext", "core");

/** A goal-setting extension in plain JS, installed into the fixture host like a published package. */
const GOALS_SOURCE = `import { Extension, Command, z } from "@agx-ext/core";
class Goals {
  async set(input) { return { data: { goal: input }, markdown: "Goal set: " + input.exercise_name }; }
}
Command({ name: "Set Goal", description: "Sets a goal.", input: z.object({ exercise_name: z.string().min(1), target_reps: z.number().int().positive() }) })(Goals.prototype, "set", Object.getOwnPropertyDescriptor(Goals.prototype, "set"));
export const GoalsExtension = Extension({ id: "goals", name: "Goals", description: "Fixture goals.", settings: z.object({ GOALS_UNIT: z.string().min(1).describe("unit of measure") }) })(Goals);
`;

let hostDir: string;

function agx(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, AGX_HOME: hostDir, AGX_LOG_LEVEL: "silent", ...env } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  hostDir = await mkdtemp(join(tmpdir(), "agx-cli-"));
  const scope = join(hostDir, "node_modules", "@agx-ext");
  await mkdir(join(scope, "goals"), { recursive: true });
  await symlink(CORE_DIR, join(scope, "core"), "dir");
  await writeFile(
    join(scope, "goals", "package.json"),
    JSON.stringify({ name: "@agx-ext/goals", version: "1.2.3", type: "module", agx: { extension: "./index.js" } }),
  );
  await writeFile(join(scope, "goals", "index.js"), GOALS_SOURCE);
  await mkdir(join(scope, "broken"), { recursive: true });
  await writeFile(
    join(scope, "broken", "package.json"),
    JSON.stringify({ name: "@agx-ext/broken", version: "0.0.1", type: "module", agx: { extension: "./missing.js" } }),
  );
  await writeFile(join(hostDir, "agx.config.json"), JSON.stringify({ settings: { GOALS_UNIT: "reps" } }));
});
afterAll(() => rm(hostDir, { recursive: true, force: true }));

describe("agx CLI", () => {
  it("prints the registry as JSON", async () => {
    const { code, stdout } = await agx(["commands", "--json"]);
    expect(code).toBe(0);
    const commands = JSON.parse(stdout);
    expect(commands).toEqual([expect.objectContaining({ extension: "goals", name: "Set Goal", qualifiedName: "goals/Set Goal", toolName: "goals_set_goal" })]);
    expect(commands[0].inputSchema.required).toEqual(["exercise_name", "target_reps"]);
  });

  it("prints a table, and tool definitions for OpenAI and MCP", async () => {
    expect((await agx(["commands"])).stdout).toMatch(/goals\s+Set Goal\s+Sets a goal\./);
    const openai = JSON.parse((await agx(["commands", "--format", "openai"])).stdout);
    expect(openai[0]).toMatchObject({ type: "function", function: { name: "goals_set_goal", parameters: { type: "object" } } });
    const mcp = JSON.parse((await agx(["commands", "--format", "mcp"])).stdout);
    expect(mcp[0]).toMatchObject({ name: "goals_set_goal", inputSchema: { type: "object" } });
    const bad = await agx(["commands", "--format", "yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of/);
  });

  it("runs a command and prints its result as JSON", async () => {
    const { code, stdout } = await agx(["run", "Set Goal", "--input", '{"exercise_name":"curls","target_reps":10}', "--user", "alice"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ data: { goal: { exercise_name: "curls", target_reps: 10 } }, markdown: "Goal set: curls" });
  });

  it("names close matches for an unknown command and exits non-zero", async () => {
    const { code, stdout, stderr } = await agx(["run", "Set Gaol", "--input", "{}"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^NOT_FOUND: Unknown command "Set Gaol"\. Did you mean: "Set Goal"/);
  });

  it("answers INVALID_INPUT for bad JSON and for a wrong field type, without a stack trace", async () => {
    const badJson = await agx(["run", "Set Goal", "--input", "{exercise_name:"]);
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toMatch(/^INVALID_INPUT: --input is not valid JSON/);
    const wrongType = await agx(["run", "Set Goal", "--input", '{"exercise_name":"curls","target_reps":"ten"}']);
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toMatch(/^INVALID_INPUT: .*target_reps/);
    expect(wrongType.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("answers NOT_CONFIGURED naming the missing setting", async () => {
    await writeFile(join(hostDir, "agx.config.json"), JSON.stringify({}));
    try {
      const { code, stderr } = await agx(["run", "Set Goal", "--input", '{"exercise_name":"a","target_reps":1}']);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^NOT_CONFIGURED: Goals is not configured: missing setting GOALS_UNIT \(unit of measure\)/);
      // an environment variable of the same name satisfies it
      expect((await agx(["run", "Set Goal", "--input", '{"exercise_name":"a","target_reps":1}'], { GOALS_UNIT: "reps" })).code).toBe(0);
    } finally {
      await writeFile(join(hostDir, "agx.config.json"), JSON.stringify({ settings: { GOALS_UNIT: "reps" } }));
    }
  });

  it("doctor lists each extension, loaded or why not", async () => {
    const { code, stdout } = await agx(["doctor", "--json"]);
    expect(code).toBe(1); // one package failed to load
    const report = JSON.parse(stdout);
    expect(report.extensions).toEqual([expect.objectContaining({ id: "goals", version: "1.2.3", missingSettings: [] })]);
    expect(report.failures).toEqual([{ source: "@agx-ext/broken", reason: expect.stringMatching(/failed to import/) }]);
    const text = await agx(["doctor"], { GOALS_UNIT: "" });
    expect(text.stdout).toMatch(/✘ @agx-ext\/broken: failed to import/);
  });

  it("rejects an unknown subcommand with usage", async () => {
    const { code, stderr } = await agx(["frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown subcommand "frobnicate"/);
  });
});
