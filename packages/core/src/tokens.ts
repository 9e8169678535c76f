/**
 * Injection tokens an extension constructor asks for with `@inject(TOKEN)`.
 * Symbol.for keeps them equal across duplicate copies of this package in one process.
 */
export const CONTEXT = Symbol.for("agx.CommandContext");
export const LOGGER = Symbol.for("agx.Logger");
/** The extension's parsed settings object (its zod settings schema's output). */
export const SETTINGS = Symbol.for("agx.Settings");
/** An HTTP client (got instance) for the extension, authorized for the calling user. Provided by @agx-ext/auth. */
export const HTTP = Symbol.for("agx.HttpClient");
/** The calling user's credentials service for this extension. Provided by @agx-ext/auth. */
export const AUTH = Symbol.for("agx.Auth");
/** A MikroORM EntityManager forked for the call and scoped to the calling user. Provided by @agx-ext/db. */
export const ENTITY_MANAGER = Symbol.for("agx.EntityManager");
