import type { z } from "zod";
import type { TriggerDefinition } from "./triggers.js";

/** Auth as an extension declares it. The concrete kinds (apiKey, oauth2, oauth1, credentials) come from @agx-ext/auth. */
export interface AuthDeclaration {
  readonly kind: string;
  /** Connection name users connect to; defaults to the extension id. */
  readonly provider?: string;
  readonly [key: string]: unknown;
}

export interface ExtensionOptions {
  /** Stable id: lower-case letters, digits and dashes. Table names and qualified command names use it. */
  id: string;
  name: string;
  description: string;
  category?: string;
  /** Settings the extension reads; each key is looked up in env, agx.config.json and the user's stored secrets. */
  settings?: z.ZodObject;
  auth?: AuthDeclaration;
  /** MikroORM entities the extension owns; @agx-ext/db creates their tables at start-up. */
  entities?: readonly unknown[];
}

/**
 * A command's declaration. I and O are its input and output schemas; `@Command` infers them, so the
 * method it decorates is checked against them (see decorators.ts).
 */
export interface CommandOptions<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  /** The name agents see, e.g. "Get Steps" or "Tesla - Honk Horn". */
  name: string;
  description: string;
  /** zod schema of the input; the method receives its parsed output. Without one it receives the raw JSON object. */
  input?: I;
  /** Settings this command needs beyond those the settings schema already requires. */
  requires?: readonly string[];
  /** True when the command changes state at the provider or in the database. */
  mutates?: boolean;
  /** Human-readable title for UIs and MCP; default: the name. */
  title?: string;
  /** A change a client should confirm first: deletes, unlocks, sends, remote start... (implies mutates). */
  destructive?: boolean;
  /** Calling it again with the same input has no further effect. */
  idempotent?: boolean;
  /** Reaches a system outside the host. Default: true when the extension declares auth, else false. */
  openWorld?: boolean;
  /** zod schema of the result's `data`; the method must return `CommandResult<z.output<O>>`. */
  output?: O;
}

export interface CommandDefinition extends CommandOptions {
  /** Name of the method on the extension class. */
  method: string | symbol;
}

export type ExtensionClass = new (...args: any[]) => object;

export interface ExtensionDefinition extends ExtensionOptions {
  target: ExtensionClass;
  commands: CommandDefinition[];
  /** Methods marked with @Trigger (see triggers.ts). */
  triggers?: TriggerDefinition[];
}
