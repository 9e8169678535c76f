import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hidePassword, parseDatabaseUrl, tablePrefix } from "../src/index.js";

describe("parseDatabaseUrl", () => {
  it("defaults to .agx/agx.db under the host directory", () => {
    expect(parseDatabaseUrl(undefined, "/srv/host")).toEqual({
      dialect: "sqlite",
      file: "/srv/host/.agx/agx.db",
      description: "SQLite file /srv/host/.agx/agx.db",
    });
    expect(parseDatabaseUrl("  ", "/srv/host")).toMatchObject({ dialect: "sqlite", file: "/srv/host/.agx/agx.db" });
  });

  it("reads sqlite: URLs, relative to the host directory or absolute", () => {
    expect(parseDatabaseUrl("sqlite:data/x.db", "/srv/host")).toMatchObject({ dialect: "sqlite", file: join("/srv/host", "data/x.db") });
    expect(parseDatabaseUrl("sqlite:/var/lib/agx.db", "/srv/host")).toMatchObject({ file: "/var/lib/agx.db" });
    expect(parseDatabaseUrl("sqlite:///var/lib/agx.db", "/srv/host")).toMatchObject({ file: "/var/lib/agx.db" });
    expect(parseDatabaseUrl("sqlite::memory:", "/srv/host")).toMatchObject({ file: ":memory:" });
  });

  it("reads postgres:// and postgresql:// URLs", () => {
    expect(parseDatabaseUrl("postgres://agx:pw@db.local:6543/agx", "/h")).toEqual({
      dialect: "postgresql",
      url: "postgres://agx:pw@db.local:6543/agx",
      dbName: "agx",
      description: 'PostgreSQL database "agx" at db.local:6543',
    });
    expect(parseDatabaseUrl("postgresql://postgres@127.0.0.1/test", "/h")).toMatchObject({
      dbName: "test",
      description: 'PostgreSQL database "test" at 127.0.0.1:5432',
    });
  });

  it("refuses unsupported or incomplete URLs with a message that says what to write, never the password", () => {
    expect(() => parseDatabaseUrl("mysql://root:hunter2@localhost/agx", "/h")).toThrow(
      'AGX_DATABASE_URL "mysql://root:***@localhost/agx" is not supported: use postgres://user:password@host:5432/dbname, or sqlite:path/to/file.db.',
    );
    expect(() => parseDatabaseUrl("postgres://u:hunter2@db.local:5432", "/h")).toThrow(
      /names no database: add it after the host, e\.g\. postgres:\/\/db\.local:5432\/agx/,
    );
    expect(() => parseDatabaseUrl("postgres://u:hunter2@db.local:5432", "/h")).not.toThrow(/hunter2/);
    expect(() => parseDatabaseUrl("postgres://u:p@:99999/x", "/h")).toThrow(/not a valid PostgreSQL URL/);
    expect(() => parseDatabaseUrl("sqlite:", "/h")).toThrow(/names no file/);
    expect(() => parseDatabaseUrl("agx.db", "/h")).toThrow(/is not supported/);
  });

  it("hides passwords", () => {
    expect(hidePassword("postgres://u:s3cret@h:5432/d")).toBe("postgres://u:***@h:5432/d");
    expect(hidePassword("postgres://u@h/d")).toBe("postgres://u@h/d");
  });
});

describe("tablePrefix", () => {
  it("turns an extension id into a table-name prefix", () => {
    expect(tablePrefix("workout-tracker")).toBe("workout_tracker");
    expect(tablePrefix("google")).toBe("google");
  });
});
