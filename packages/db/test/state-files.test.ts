import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo } from "./fixtures/notes.js";
import { loaded, runtimeWith } from "./support.js";

/** Permission bits of a path, as an octal string ("700"). */
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

// The host's state (every user's rows, the token vault) must not be readable by other local users,
// whatever the umask of the process that starts the host.
describe("SQLite state files are owner-only", () => {
  let hostDir: string;
  let umask: number;
  const opened: Database[] = [];
  beforeEach(async () => {
    hostDir = await mkdtemp(join(tmpdir(), "agx-db-modes-"));
    // The most permissive umask: nothing the database creates may rely on it.
    umask = process.umask(0);
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.stop();
    process.umask(umask);
    await rm(hostDir, { recursive: true, force: true });
  });
  const start = async (url?: string) => {
    const db = openDatabase({ hostDir, url });
    opened.push(db);
    await db.start([loaded(NotesDemo)]);
    return db;
  };

  it("creates .agx as 0700 and agx.db with its -wal and -shm files as 0600", async () => {
    const db = await start();
    await runtimeWith(db, [NotesDemo]).execute("Add Note", { title: "private" }, { userId: "alice" });
    const agx = join(hostDir, ".agx");
    expect(modeOf(agx)).toBe("700");
    for (const file of ["agx.db", "agx.db-wal", "agx.db-shm"]) {
      expect(existsSync(join(agx, file)), file).toBe(true);
      expect(modeOf(join(agx, file)), file).toBe("600");
    }
  });

  it("tightens a world-readable state folder and state files left by an earlier version", async () => {
    const agx = join(hostDir, ".agx");
    mkdirSync(agx, { mode: 0o755 });
    chmodSync(agx, 0o755);
    for (const file of ["agx.db", "agx.db-wal", "agx.db-shm"]) {
      writeFileSync(join(agx, file), "", { mode: 0o644 });
      chmodSync(join(agx, file), 0o644);
    }
    await start();
    expect(modeOf(agx)).toBe("700");
    for (const file of ["agx.db", "agx.db-wal", "agx.db-shm"]) expect(modeOf(join(agx, file)), file).toBe("600");
  });

  it("makes a file named in AGX_DATABASE_URL owner-only, creates its missing folders 0700, and leaves an existing folder alone", async () => {
    await start("sqlite:data/nested/host.db");
    expect(modeOf(join(hostDir, "data"))).toBe("700");
    expect(modeOf(join(hostDir, "data", "nested"))).toBe("700");
    expect(modeOf(join(hostDir, "data", "nested", "host.db"))).toBe("600");

    // A folder the operator chose (it may be shared with other things) keeps its mode; the file does not.
    const shared = join(hostDir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    writeFileSync(join(shared, "agx.db"), "", { mode: 0o644 });
    chmodSync(join(shared, "agx.db"), 0o644);
    await start("sqlite:shared/agx.db");
    expect(modeOf(shared)).toBe("755");
    for (const file of ["agx.db", "agx.db-wal", "agx.db-shm"]) expect(modeOf(join(shared, file)), file).toBe("600");
  });
});
