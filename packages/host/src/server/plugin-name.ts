const DISPLAY_NAME = Symbol.for("fastify.display-name");

/**
 * Gives a plugin the name fastify shows in its logs and errors. Without one, fastify looks for the function among
 * the exports of every loaded CommonJS module (about a thousand once MikroORM is loaded), twice per plugin: about
 * 10 ms of each `agx serve` start.
 */
export function named<Plugin extends (...args: never[]) => unknown>(plugin: Plugin, name: string = plugin.name): Plugin {
  Object.defineProperty(plugin, DISPLAY_NAME, { value: name || "anonymous plugin", configurable: true });
  return plugin;
}
