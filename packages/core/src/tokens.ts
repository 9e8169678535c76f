import type { CommandContext } from "./context.js";
import type { Logger } from "./logger.js";

declare const carries: unique symbol;

/**
 * An injection token that carries the type of the value registered under it. At run time it is a plain
 * symbol (tsyringe registers and resolves it as such); the phantom key only exists for the compiler, so
 * that `@inject(TOKEN)` on a parameter of another type fails to compile.
 */
export type Token<T> = symbol & { readonly [carries]?: T };

/**
 * The type each token provides, by key. A package that registers a token's value adds its key here by
 * declaration merging (`declare module "@agx-ext/core" { interface InjectionTypes { http: HttpClient } }`):
 * @agx-ext/auth adds `http` and `auth`, @agx-ext/db adds `entityManager`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface InjectionTypes {}

/** What a token of a package not in the program provides: assignable to no ordinary parameter type. */
export interface NotProvided<K extends string> {
  readonly "import the package that provides this token": K;
}

/** The type registered under key K, or NotProvided<K> while no package in the program declares it. */
export type Provided<K extends string> = K extends keyof InjectionTypes ? InjectionTypes[K] : NotProvided<K>;

/** The type a token carries. */
export type TokenType<T> = T extends Token<infer V> ? V : never;

/** A new typed token: `injectionToken<Widget>("my.widget")`. Equal keys give equal tokens. */
export function injectionToken<T>(key: string): Token<T> {
  // Symbol.for keeps tokens equal across duplicate copies of this package in one process.
  return Symbol.for(key) as Token<T>;
}

/** What a command knows about the call it serves (user, extension, signal, clock, time zone). */
export const CONTEXT = injectionToken<CommandContext>("agx.CommandContext");
/** The call's logger (secrets scrubbed). */
export const LOGGER = injectionToken<Logger>("agx.Logger");
/**
 * The extension's parsed settings object (its zod settings schema's output). Core cannot know each
 * extension's schema, so this token is not checked: type the parameter `z.output<typeof settingsSchema>`.
 */
export const SETTINGS = injectionToken<any>("agx.Settings");
// Annotated, not inferred: declaration emit would otherwise resolve Provided<...> here, before any package adds to it.
/** An HTTP client (got instance) for the extension, authorized for the calling user. Provided by @agx-ext/auth. */
export const HTTP: Token<Provided<"http">> = injectionToken("agx.HttpClient");
/** The calling user's credentials service for this extension. Provided by @agx-ext/auth. */
export const AUTH: Token<Provided<"auth">> = injectionToken("agx.Auth");
/** A MikroORM EntityManager forked for the call and scoped to the calling user. Provided by @agx-ext/db. */
export const ENTITY_MANAGER: Token<Provided<"entityManager">> = injectionToken("agx.EntityManager");
