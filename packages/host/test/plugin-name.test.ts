import { createRequire } from "node:module";
import Fastify, { type FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { named } from "../src/server/plugin-name.js";

/** The name fastify gives a plugin, as the plugin itself sees it. */
async function nameInside(wrap: (plugin: (instance: FastifyInstance) => Promise<void>) => (instance: FastifyInstance) => Promise<void>): Promise<string> {
  const app = Fastify();
  let seen = "";
  const plugin = async (instance: FastifyInstance) => {
    seen = instance.pluginName;
  };
  // fastify's own search compares every loaded CommonJS module's exports with the plugin, and names the plugin
  // after the file of the one that matches: here a module is made to export it, so the search would find it.
  const require = createRequire(import.meta.url);
  const cached = require.cache[require.resolve("fastify")]!;
  const exported: unknown = cached.exports;
  cached.exports = plugin;
  try {
    await app.register(wrap(plugin));
    await app.ready();
  } finally {
    cached.exports = exported;
    await app.close();
  }
  return seen;
}

describe("named plugins", () => {
  it("are known to fastify by the given name, not by a search through the loaded modules", async () => {
    expect(await nameInside((plugin) => plugin)).toContain("/node_modules/");
    const name = await nameInside((plugin) => named(plugin, "the routes"));
    expect(name).toContain("the routes");
    expect(name).not.toContain("/node_modules/");
  });

  it("take the function's own name when none is given", async () => {
    const app = Fastify();
    let seen = "";
    await app.register(
      named(async function adminRoutes(instance: FastifyInstance) {
        seen = instance.pluginName;
      }),
    );
    await app.ready();
    await app.close();
    expect(seen).toContain("adminRoutes");
  });
});
