#!/usr/bin/env node
/**
 * Pins the public surface of the published library packages: for every entry point in a package's
 * "exports", the sorted names it exports (values and types apart) go to that package's api-report.md.
 * `node scripts/api-report.mjs` fails when the code and the report differ, so a name cannot appear on or
 * leave a public entry without the report changing in the same commit; `--update` rewrites the reports.
 * It reads the sources (src/<entry>.ts), not dist/, so it needs no build.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The packages whose surface other packages and extension authors build on. */
const PACKAGES = ["packages/core", "packages/auth", "packages/db", "packages/services", "packages/testing", "packages/test-servers"];
const REPORT = "api-report.md";

/** Entry name ("." or "./host") -> its source file, from the package's "exports" map. */
function entries(dir) {
  const { exports } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const found = [];
  for (const [entry, target] of Object.entries(exports)) {
    const types = typeof target === "string" ? target : target.types;
    if (!types?.endsWith(".d.ts")) continue; // ./package.json
    const source = join(dir, types.replace(/^\.\/dist\//, "src/").replace(/\.d\.ts$/, ".ts"));
    if (!existsSync(source)) throw new Error(`${relative(ROOT, dir)}: no source ${relative(ROOT, source)} for export "${entry}"`);
    found.push({ entry, source });
  }
  return found;
}

/** A name exported only as a type (`export type { X }`, an interface or a type alias) is a type. */
function isTypeOnly(checker, symbol) {
  if (symbol.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d))) return true;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.flags & ts.SymbolFlags.Value) === 0;
}

function report(dir, program) {
  const list = entries(dir);
  const checker = program.getTypeChecker();
  const name = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name;
  const lines = [
    `# API report: ${name}`,
    "",
    "The names each entry point exports, written by `node scripts/api-report.mjs --update` and checked by `pnpm lint`.",
    "A change here is a change of the package's public surface: give it a changeset (removing or renaming a name is breaking).",
  ];
  for (const { entry, source } of list) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(source));
    const exported = module ? checker.getExportsOfModule(module) : [];
    const values = exported
      .filter((s) => !isTypeOnly(checker, s))
      .map((s) => s.name)
      .sort();
    const types = exported
      .filter((s) => isTypeOnly(checker, s))
      .map((s) => s.name)
      .sort();
    const specifier = entry === "." ? name : `${name}/${entry.slice(2)}`;
    lines.push(
      "",
      `## ${specifier}`,
      "",
      `Values (${values.length}):`,
      "",
      ...values.map((v) => `- ${v}`),
      "",
      `Types (${types.length}):`,
      "",
      ...types.map((t) => `- ${t}`),
    );
  }
  return lines.join("\n") + "\n";
}

const update = process.argv.includes("--update");
// One program for every entry: the packages share most of what they import, so it is parsed once.
const program = ts.createProgram(
  PACKAGES.flatMap((pkg) => entries(join(ROOT, pkg)).map((e) => e.source)),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true },
);
let stale = 0;
for (const pkg of PACKAGES) {
  const dir = join(ROOT, pkg);
  const file = join(dir, REPORT);
  const wanted = report(dir, program);
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (wanted === current) continue;
  if (update) {
    writeFileSync(file, wanted);
    console.log(`updated ${pkg}/${REPORT}`);
  } else {
    stale++;
    const had = new Set(current.split("\n"));
    const has = new Set(wanted.split("\n"));
    const added = [...has].filter((l) => l.startsWith("- ") && !had.has(l));
    const removed = [...had].filter((l) => l.startsWith("- ") && !has.has(l));
    console.error(
      `${pkg}/${REPORT} is out of date with the package's exports${added.length ? `; new: ${added.map((l) => l.slice(2)).join(", ")}` : ""}${removed.length ? `; gone: ${removed.map((l) => l.slice(2)).join(", ")}` : ""}`,
    );
  }
}
if (stale > 0) {
  console.error("If the change is meant, run `node scripts/api-report.mjs --update`, commit the report and add a changeset.");
  process.exit(1);
}
