#!/usr/bin/env node
// `pnpm migration:create [label] [--entities <module> [--export <name>]]` in a package that owns tables:
// writes its next migration into ./migrations. Extensions are read from package.json's agx.extension (build
// first); host packages name a built module and the array of entities it exports (default "entities").
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { readExtension } from "@agx-ext/core";
import { createMigration, type PackageEntities } from "../migrations/create.js";
import { MIGRATIONS_FOLDER } from "../migrations/files.js";

const { values, positionals } = parseArgs({
  options: { entities: { type: "string" }, export: { type: "string", default: "entities" } },
  allowPositionals: true,
});
const dir = process.cwd();
const pkg = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8")) as { name: string; agx?: { extension?: string } };

async function entitiesOf(): Promise<PackageEntities> {
  if (values.entities) {
    const module = (await import(pathToFileURL(resolve(dir, values.entities)).href)) as Record<string, unknown>;
    const entities = module[values.export];
    if (!Array.isArray(entities)) throw new Error(`${values.entities} exports no "${values.export}" array of entities.`);
    return { package: pkg.name, entities, extensionIds: new Map() };
  }
  if (!pkg.agx?.extension) throw new Error(`${pkg.name} has no agx.extension in package.json: pass --entities <module exporting entities>.`);
  const module = (await import(pathToFileURL(resolve(dir, pkg.agx.extension)).href)) as Record<string, unknown>;
  const entities: PackageEntities["entities"][number][] = [];
  const extensionIds = new Map<string, string>();
  for (const definition of Object.values(module).map(readExtension)) {
    for (const entity of (definition?.entities ?? []) as PackageEntities["entities"]) {
      entities.push(entity);
      extensionIds.set((entity as { name: string }).name, definition!.id);
    }
  }
  return { package: pkg.name, entities, extensionIds };
}

try {
  const file = await createMigration(resolve(dir, MIGRATIONS_FOLDER), await entitiesOf(), positionals[0] ?? "");
  process.stdout.write(`created ${file}\n`);
} catch (error) {
  process.stderr.write(`migration:create: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
