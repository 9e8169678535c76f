import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTENSION_LAYOUT, REQUIRED_FILES, scaffoldExtension } from "../src/scaffold/index.js";

const EXTENSIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../extensions");

/**
 * Extensions not yet moved to the layout, with what they still need. Remove an entry once it is done:
 * the test then holds that extension to the layout too.
 */
const NOT_YET_MOVED: Record<string, string> = {};

/** Every .ts file under a folder, as paths relative to `base`. */
async function sourceFiles(dir: string, base: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path, base)));
    else if (entry.name.endsWith(".ts")) files.push(relative(base, path).split("\\").join("/"));
  }
  return files;
}

/** What a package breaks of the layout: missing required files, code in the index, @Extension outside extension.ts. */
async function layoutProblems(dir: string): Promise<string[]> {
  const problems = REQUIRED_FILES.filter((file) => !existsSync(join(dir, file))).map((file) => `missing ${file}`);
  const index = join(dir, "src/index.ts");
  if (existsSync(index)) {
    const statements = (await readFile(index, "utf8"))
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements)
      if (!/^export (type )?(\{[^}]*\}|\*) from "\.\/[^"]+\.js"$/s.test(statement))
        problems.push(`src/index.ts does more than re-export: ${statement.slice(0, 60)}`);
  }
  for (const file of await sourceFiles(join(dir, "src"), dir)) {
    if (file === "src/extension.ts") continue;
    if (/@Extension\(/.test(await readFile(join(dir, file), "utf8"))) problems.push(`${file} declares an @Extension (only src/extension.ts may)`);
  }
  return problems;
}

describe("one extension layout", () => {
  it("names each role once: no two layout entries share a path", () => {
    const paths = EXTENSION_LAYOUT.map((file) => file.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("every extension of the repository follows it", async () => {
    const extensions = (await readdir(EXTENSIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(extensions.length).toBeGreaterThan(0);
    const found: Record<string, string[]> = {};
    for (const name of extensions) {
      if (name in NOT_YET_MOVED) continue;
      const problems = await layoutProblems(join(EXTENSIONS, name));
      if (problems.length > 0) found[name] = problems;
    }
    expect(found).toEqual({});
  });

  it("the list of extensions not yet moved names only extensions that exist and still need it", async () => {
    for (const name of Object.keys(NOT_YET_MOVED)) {
      expect(existsSync(join(EXTENSIONS, name)), name).toBe(true);
      expect(await layoutProblems(join(EXTENSIONS, name)), `${name} follows the layout now: remove it from NOT_YET_MOVED`).not.toEqual([]);
    }
  });

  describe("the scaffold", () => {
    let temp: string;
    beforeAll(async () => {
      temp = await mkdtemp(join(tmpdir(), "agx-layout-"));
    });
    afterAll(() => rm(temp, { recursive: true, force: true }));

    it("writes the layout, and only files the layout or the package setup names", async () => {
      const result = await scaffoldExtension({ name: "acme", dir: join(temp, "acme"), cwd: temp });
      expect(await layoutProblems(result.dir)).toEqual([]);
      const layoutPaths = new Set(EXTENSION_LAYOUT.map((file) => file.path));
      const sources = result.files.filter((file) => file.startsWith("src/") || file.startsWith("test/"));
      expect(sources.filter((file) => !layoutPaths.has(file))).toEqual([]);
    });
  });
});
