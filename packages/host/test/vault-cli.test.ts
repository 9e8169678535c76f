import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../src/cli/index.js";
import { makeHostDir } from "./helpers.js";

const fixture = fileURLToPath(new URL("./fixtures/oauth-probe", import.meta.url));
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const OLD = "1".repeat(64);
const NEW = "2".repeat(64);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text) }, out, err };
}

async function storeKey(dir: string, env: Record<string, string>, user: string): Promise<void> {
  const stdin = Object.getOwnPropertyDescriptor(process, "stdin")!;
  Object.defineProperty(process, "stdin", { value: Readable.from([`key-for-${user}-12345\n`]), configurable: true });
  try {
    expect(await main(["connect", "key-probe", "--user", user], capture().io, { dir, env })).toBe(0);
  } finally {
    Object.defineProperty(process, "stdin", stdin);
  }
}

describe("agx vault rotate", () => {
  it("re-seals the vault under the new key so the old one can go; usage errors name the option", async () => {
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const oldEnv = { AGX_LOG_LEVEL: "silent", AGX_SECRET_KEY: OLD };
    for (const user of ["bob", "carol", "dave"]) await storeKey(dir, oldEnv, user);

    // The new key alone cannot open the vault yet: the host refuses to start.
    const newOnly = { AGX_LOG_LEVEL: "silent", AGX_SECRET_KEY: NEW };
    const refused = capture();
    expect(await main(["connections"], refused.io, { dir, env: newOnly })).not.toBe(0);

    const rotate = capture();
    expect(await main(["vault", "rotate", "--batch-size", "2", "--json"], rotate.io, { dir, env: { ...newOnly, AGX_SECRET_KEY_PREVIOUS: OLD } })).toBe(0);
    expect(JSON.parse(rotate.out[0]!)).toMatchObject({ resealed: 4, remaining: 0, unreadable: {} }); // 3 keys + the key check

    const run = capture();
    expect(await main(["run", "Key Probe Whoami", "--user", "carol"], run.io, { dir, env: newOnly })).toBe(0);
    expect(JSON.parse(run.out[0]!)).toMatchObject({ data: { keyLength: 19 } });
    const again = capture();
    expect(await main(["vault", "rotate"], again.io, { dir, env: newOnly })).toBe(0);
    expect(again.out[0]).toMatch(/^Re-sealed 0 value\(s\)/);

    const bad = capture();
    expect(await main(["vault", "rotate", "--batch-size", "0"], bad.io, { dir, env: newOnly })).toBe(2);
    expect(bad.err[0]).toContain("--batch-size");
    const badPrevious = capture();
    expect(await main(["connections"], badPrevious.io, { dir, env: { ...newOnly, AGX_SECRET_KEY_PREVIOUS: `${OLD},not-a-key-secret` } })).not.toBe(0);
    expect(badPrevious.err.join("\n")).toContain("AGX_SECRET_KEY_PREVIOUS entry 2");
    expect(badPrevious.err.join("\n")).not.toContain("not-a-key-secret");
  });
});
