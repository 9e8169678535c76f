import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agx, copiesOf, createHostProject, npmInstall } from "./support/host-project.js";
import { childEnv, run } from "./support/process.js";
import { startRegistry, type LocalRegistry } from "./support/registry.js";
import { bumpWithChangeset, copyWorkspace, publishablePackages, releaseTo, WORKSPACE_ROOT } from "./support/workspace.js";

/** The two extensions the host installs; the second one is the one that gets a patch release. */
const TRACKER = "@agx-ext/workout-tracker";
const UPGRADED = "@agx-ext/oura";

interface CommandJson {
  extension: string;
  name: string;
}
interface DoctorJson {
  extensions: { id: string; package: string; version: string }[];
  failures: { source: string; reason: string }[];
}

function json<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON, got:\n${text}`);
  }
}

describe("release: publish to a registry, install a host with two extensions, upgrade one", () => {
  let temp: string;
  let copy: string;
  let hostDir: string;
  let registry: LocalRegistry | undefined;
  let upstream: string;

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), "agx-e2e-"));
    copy = join(temp, "workspace");
    hostDir = join(temp, "host");
    await mkdir(hostDir);
    upstream = (await run("npm", ["config", "get", "registry"], { cwd: temp, env: childEnv() })).stdout.trim();
    registry = await startRegistry(temp, upstream);
    await publishablePackages(WORKSPACE_ROOT); // fails early when something is not built
    await copyWorkspace(WORKSPACE_ROOT, copy, { shareNodeModules: true });
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it("publishes every public package with workspace ranges rewritten to versions", async () => {
    const packages = await publishablePackages(copy);
    await releaseTo(copy, registry!);
    for (const pkg of packages) {
      const response = await fetch(new URL(pkg.name.replace("/", "%2f"), registry!.url));
      expect(response.status, `${pkg.name} is on the registry`).toBe(200);
      const doc = (await response.json()) as {
        "dist-tags": { latest: string };
        versions: Record<string, { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
      };
      expect(doc["dist-tags"].latest).toBe(pkg.version);
      const published = doc.versions[pkg.version]!;
      const ranges = { ...published.dependencies, ...published.peerDependencies };
      for (const [dep, range] of Object.entries(ranges)) expect(range, `${pkg.name} -> ${dep}`).not.toMatch(/^workspace:/);
    }
    const privateOnes = await fetch(new URL("@agx-ext%2fe2e", registry!.url));
    expect(privateOnes.status).toBe(404);
  });

  it("installs the host and only two extensions into a fresh project outside the workspace", async () => {
    await createHostProject(hostDir, registry!.url);
    await npmInstall(hostDir, ["@agx-ext/host", TRACKER, UPGRADED], upstream);

    // Peer dependencies keep one core, one DI container and one ORM in the host.
    for (const shared of ["@agx-ext/core", "tsyringe", "@mikro-orm/core"]) {
      expect(await copiesOf(hostDir, shared), `copies of ${shared}`).toHaveLength(1);
    }

    const doctor = json<DoctorJson>((await agx(hostDir, ["doctor", "--json"])).stdout);
    expect(doctor.failures).toEqual([]);
    expect(doctor.extensions.map((e) => e.package).sort()).toEqual([UPGRADED, TRACKER].sort());

    // The same commands the workspace itself lists for these two extensions, and nothing else.
    const ids = doctor.extensions.map((e) => e.id);
    const listed = await agx(hostDir, ["commands", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const installed = json<CommandJson[]>(listed.stdout);
    const reference = json<CommandJson[]>(
      (
        await run(process.execPath, [join(WORKSPACE_ROOT, "packages/host/dist/cli.js"), "commands", "--json"], {
          cwd: WORKSPACE_ROOT,
          env: childEnv({ AGX_LOG_LEVEL: "error" }),
        })
      ).stdout,
    );
    const key = (c: CommandJson) => `${c.extension} / ${c.name}`;
    expect(installed.map(key).sort()).toEqual(
      reference
        .filter((c) => ids.includes(c.extension))
        .map(key)
        .sort(),
    );
    expect(installed.map((c) => c.name)).toContain("Set Daily Goal");
  });

  it("runs the workout tracker against the host's own database", async () => {
    const set = await agx(hostDir, ["run", "Set Daily Goal", "--input", JSON.stringify({ exercise_name: "Push-ups", target_reps: 20 })]);
    expect(set.code, set.stderr).toBe(0);
    expect(json<{ data: unknown }>(set.stdout).data).toBeTruthy();

    const goals = await agx(hostDir, ["run", "Get Daily Goals"]);
    expect(goals.code, goals.stderr).toBe(0);
    expect(JSON.stringify(json<{ data: unknown }>(goals.stdout).data)).toContain("Push-ups");
  });

  it("loads the new version after a changeset release and an upgrade", async () => {
    const before = json<DoctorJson>((await agx(hostDir, ["doctor", "--json"])).stdout);
    const oldVersion = before.extensions.find((e) => e.package === UPGRADED)!.version;

    const upgradedDir = join(copy, "extensions", UPGRADED.split("/")[1]!);
    const newVersion = await bumpWithChangeset(copy, UPGRADED, upgradedDir);
    expect(newVersion).not.toBe(oldVersion);
    // changesets wrote the package's own changelog entry, which ships in the package.
    expect(await readFile(join(upgradedDir, "CHANGELOG.md"), "utf8")).toContain(
      `## ${newVersion}\n\n### Patch Changes\n\n- A patch release made by the publish-and-install test`,
    );
    await releaseTo(copy, registry!);
    await npmInstall(hostDir, [`${UPGRADED}@latest`], upstream);
    expect(await readFile(join(hostDir, "node_modules", UPGRADED, "CHANGELOG.md"), "utf8")).toContain(`## ${newVersion}`);

    const after = json<DoctorJson>((await agx(hostDir, ["doctor", "--json"])).stdout);
    expect(after.failures).toEqual([]);
    const versions = Object.fromEntries(after.extensions.map((e) => [e.package, e.version]));
    expect(versions).toEqual({
      [UPGRADED]: newVersion,
      [TRACKER]: before.extensions.find((e) => e.package === TRACKER)!.version,
    });
    // The goal set before the upgrade is still there: upgrading an extension keeps the host's data.
    const goals = await agx(hostDir, ["run", "Get Daily Goals"]);
    expect(JSON.stringify(json<{ data: unknown }>(goals.stdout).data)).toContain("Push-ups");
  });
});
