import type { ExtensionNames } from "./names.js";
import { TOOL_VERSIONS, type DependencyRanges } from "./versions.js";

/**
 * Where the package is created. Inside the agx-ext workspace it shares the root tsconfig, vitest
 * settings and lint config and depends on its siblings through `workspace:^`; anywhere else it is
 * self-contained and depends on published versions.
 */
export type ScaffoldMode =
  | { kind: "workspace"; /** Relative path from the package to the workspace root, e.g. "../.." */ toRoot: string }
  | { kind: "standalone"; ranges: DependencyRanges };

export interface TemplateInput {
  names: ExtensionNames;
  mode: ScaffoldMode;
}

const WRITE_MANIFEST = `node -e "import('@agx-ext/core').then((core) => core.writePackageManifest('.'))"`;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A tsconfig as Prettier writes one (its json parser puts a short list of strings on one line): no diff for `pnpm format`. */
const tsconfigJson = (value: unknown) =>
  json(value).replace(/\[\n\s+("[^"\n]*"(?:,\n\s+"[^"\n]*")*)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s+/).join(", ")}]`);

/** A markdown table with its columns padded as Prettier pads them, so a new package passes `format:check` as written. */
function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(3, cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** The sample command and its setting, named alike in the source, its test, the README and the changeset. */
const greetingSetting = (names: ExtensionNames) => `${names.settingPrefix}_GREETING`;
const greetingCommand = (names: ExtensionNames) => `${names.displayName} - Get Greeting`;

export function packageJson({ names, mode }: TemplateInput): string {
  const workspace = mode.kind === "workspace";
  const core = workspace ? "workspace:^" : mode.ranges.core;
  const testing = workspace ? "workspace:^" : mode.ranges.testing;
  return json({
    name: names.packageName,
    // In the workspace the first changeset (minor) releases 0.1.0.
    version: workspace ? "0.0.0" : "0.1.0",
    description: `${names.displayName} commands for agx-ext hosts.`,
    license: "MIT",
    type: "module",
    keywords: ["agx-ext", "agx-extension"],
    exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" }, "./package.json": "./package.json" },
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    files: ["dist", "!dist/**/*.map", "README.md", "CHANGELOG.md"],
    agx: { extension: "./dist/index.js", manifest: "./dist/agx-manifest.json" },
    engines: { node: ">=20.19" },
    publishConfig: { access: "public" },
    scripts: {
      // The manifest lets a host list the commands without importing the code.
      build: `tsc -p tsconfig.build.json && ${WRITE_MANIFEST}`,
      typecheck: "tsc -p tsconfig.json --noEmit",
      ...(workspace ? { lint: "eslint src test" } : {}),
      test: "vitest run",
    },
    // A peer, not a dependency: the host provides the one copy of core (and its DI container) every extension shares.
    peerDependencies: { "@agx-ext/core": core },
    devDependencies: {
      "@agx-ext/core": core,
      "@agx-ext/testing": testing,
      ...(workspace ? {} : TOOL_VERSIONS),
    },
  });
}

const STANDALONE_COMPILER_OPTIONS = {
  target: "ES2023",
  lib: ["ES2023"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  declaration: true,
  sourceMap: true,
  esModuleInterop: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
  types: ["node"],
};

/** tsconfig.json: type-checks sources and tests, emits nothing. */
export function tsconfig({ mode }: TemplateInput): string {
  if (mode.kind === "workspace")
    return tsconfigJson({ extends: `${mode.toRoot}/tsconfig.base.json`, compilerOptions: { noEmit: true }, include: ["src", "test"] });
  return tsconfigJson({ compilerOptions: { ...STANDALONE_COMPILER_OPTIONS, noEmit: true }, include: ["src", "test"] });
}

/** tsconfig.build.json: compiles src/ to dist/. */
export function tsconfigBuild({ mode }: TemplateInput): string {
  const extendsFrom = mode.kind === "workspace" ? `${mode.toRoot}/tsconfig.base.json` : "./tsconfig.json";
  return tsconfigJson({ extends: extendsFrom, compilerOptions: { noEmit: false, rootDir: "src", outDir: "dist" }, include: ["src"] });
}

export function vitestConfig({ mode }: TemplateInput): string {
  if (mode.kind === "workspace") return `export { default } from "${mode.toRoot}/vitest.shared.js";\n`;
  return `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The test host starts a real database; give it time on a cold start.
    hookTimeout: 60_000,
  },
});
`;
}

/** src/settings.ts: host-wide settings the extension reads. */
export function settingsSource({ names }: TemplateInput): string {
  return `import { z } from "@agx-ext/core";

// Host-wide settings come from the environment or agx.config.json. Wrap per-user secrets (API keys,
// passwords) in secret(...) from @agx-ext/core so they never show up in logs or errors.
/** The ${names.displayName} settings. */
export const settingsSchema = z.object({
  ${greetingSetting(names)}: z.string().min(1).default("Hello").describe("First word of every greeting"),
});
`;
}

/** src/inputs.ts: what each command takes. */
export function inputsSource({ names }: TemplateInput): string {
  return `import { z } from "@agx-ext/core";

/** Input of "${greetingCommand(names)}". */
export const greetInput = z.object({
  name: z.string().min(1).describe("Who to greet"),
});
`;
}

/** src/outputs.ts: the data each command returns. */
export function outputsSource({ names }: TemplateInput): string {
  return `import { z } from "@agx-ext/core";

// Output objects are strict: a key a command starts returning without declaring it fails the check.
/** Data of "${greetingCommand(names)}". @Command checks the method against it: returning another shape does not compile. */
export const greetOutput = z.strictObject({
  greeting: z.string().describe("The greeting, e.g. Hello, Ada!"),
});
`;
}

/** src/extension.ts: the decorated class, with thin command methods. */
export function extensionSource({ names }: TemplateInput): string {
  const setting = greetingSetting(names);
  return `import { Command, Extension, inject, SETTINGS, type z } from "@agx-ext/core";
import { greetInput } from "./inputs.js";
import { greetOutput } from "./outputs.js";
import { settingsSchema } from "./settings.js";

/** ${names.displayName}: replace this with what the extension does for an agent. */
@Extension({
  id: "${names.id}",
  name: "${names.displayName}",
  category: "Utilities",
  description: "${names.displayName}: replace this with what the extension does for an agent.",
  settings: settingsSchema,
})
export class ${names.className} {
  // Ask for every service with an explicit token: tests do not emit decorator metadata.
  constructor(@inject(SETTINGS) private readonly settings: z.output<typeof settingsSchema>) {}

  /** A greeting for someone. The method takes exactly its input schema's output; anything else does not compile. */
  @Command({
    name: "${greetingCommand(names)}",
    description: "A greeting for someone, starting with the configured word.",
    input: greetInput,
    output: greetOutput,
    mutates: false,
    idempotent: true,
  })
  async greet(input: z.output<typeof greetInput>) {
    const greeting = \`\${this.settings.${setting}}, \${input.name}!\`;
    return { data: { greeting }, markdown: greeting };
  }
}
`;
}

/** src/index.ts: re-exports only, so importing the package runs nothing but the class declaration. */
export function indexSource({ names }: TemplateInput): string {
  return `export { ${names.className} } from "./extension.js";\n`;
}

/** test/harness.ts: one place that starts the test host (and, later, the fake provider) for every test. */
export function harnessSource({ names }: TemplateInput): string {
  return `import { createTestHost, type TestHost } from "@agx-ext/testing";
import { ${names.className} } from "../src/index.js";

/** A test host running the extension with the given host-wide settings (temporary SQLite database, a test user). */
export function startHost(settings: Record<string, string> = {}): Promise<TestHost> {
  return createTestHost({ extensions: [${names.className}], settings });
}
`;
}

/** test/commands.test.ts: what each command answers, through a real host runtime. */
export function commandsTest({ names }: TemplateInput): string {
  const setting = greetingSetting(names);
  const command = greetingCommand(names);
  return `import type { TestHost } from "@agx-ext/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startHost } from "./harness.js";

describe("${names.displayName}", () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it("greets with the default word", async () => {
    host = await startHost();
    const result = await host.execute("${command}", { name: "Ada" });
    expect(result.data).toEqual({ greeting: "Hello, Ada!" });
    expect(result.markdown).toBe("Hello, Ada!");
  });

  it("uses the ${setting} setting", async () => {
    host = await startHost({ ${setting}: "Welcome" });
    const result = await host.execute("${command}", { name: "Grace" });
    expect(result.data).toEqual({ greeting: "Welcome, Grace!" });
  });

  it("rejects input without a name, naming the field", async () => {
    host = await startHost();
    await expect(host.execute("${command}", { name: "" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["name"] },
    });
  });
});
`;
}

export function readme({ names, mode }: TemplateInput): string {
  const setting = greetingSetting(names);
  const command = greetingCommand(names);
  const inWorkspace = mode.kind === "workspace";
  const discovery = names.packageName.startsWith("@agx-ext/")
    ? "A host finds it by itself once the package is installed next to `@agx-ext/host`."
    : `A host loads packages outside the \`@agx-ext\` scope only when its \`agx.config.json\` names them: \`{ "packages": ["${names.packageName}"] }\`.`;
  return `# ${names.packageName}

${names.displayName} commands for agx-ext hosts. ${discovery}

## Settings

${markdownTable(["name", "scope", "default", "meaning"], [[`\`${setting}\``, "host-wide (environment or `agx.config.json`)", "`Hello`", "First word of every greeting"]])}

## Commands

### ${command}

A greeting for someone, starting with the configured word.

\`\`\`sh
agx run "${command}" --input '{"name":"Ada"}'
\`\`\`

## Develop

\`\`\`sh
${inWorkspace ? `pnpm install\npnpm --filter ${names.packageName} build\npnpm --filter ${names.packageName} test` : "npm install\nnpm run build\nnpm test"}
\`\`\`

Tests run the commands through a real host runtime with \`createTestHost\` from \`@agx-ext/testing\`
(temporary SQLite database, a test user). See the agx-ext CONTRIBUTING.md for the extension contract,
auth and database declarations, command naming rules and the release checklist.
`;
}

/** A changeset announcing the new package (workspace only). */
export function changeset({ names }: TemplateInput): string {
  return `---
"${names.packageName}": minor
---

New extension ${names.displayName}, starting with the "${greetingCommand(names)}" command.
`;
}

export const GITIGNORE = "node_modules/\ndist/\nreports/\n.agx/\n*.tsbuildinfo\n";
