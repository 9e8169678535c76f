import { injectable } from "tsyringe";
import type { CommandDefinition, CommandOptions, ExtensionClass, ExtensionDefinition, ExtensionOptions } from "./definition.js";

const EXTENSION_KEY = Symbol.for("agx.extension");
const COMMANDS_KEY = Symbol.for("agx.commands");

type Marked = { [EXTENSION_KEY]?: ExtensionOptions; [COMMANDS_KEY]?: CommandDefinition[] };

/** Marks a class as an agx extension and makes it constructible by the DI container. */
export function Extension(options: ExtensionOptions) {
  return <T extends ExtensionClass>(target: T): T => {
    injectable()(target);
    Object.defineProperty(target, EXTENSION_KEY, { value: options, enumerable: false });
    return target;
  };
}

/** Marks a method as a command. The method receives the validated input and returns a CommandResult. */
export function Command(options: CommandOptions) {
  return (prototype: object, method: string | symbol, _descriptor: PropertyDescriptor): void => {
    const ctor = prototype.constructor as Marked;
    const own = Object.prototype.hasOwnProperty.call(ctor, COMMANDS_KEY) ? ctor[COMMANDS_KEY]! : [];
    if (own.length === 0) Object.defineProperty(ctor, COMMANDS_KEY, { value: own, enumerable: false });
    own.push({ ...options, method });
  };
}

/** The raw declaration of a decorated class, or undefined for anything else. Not validated. */
export function readExtension(value: unknown): ExtensionDefinition | undefined {
  if (typeof value !== "function") return undefined;
  const marked = value as Marked;
  const options = marked[EXTENSION_KEY];
  if (!options) return undefined;
  return { ...options, target: value as ExtensionClass, commands: [...(marked[COMMANDS_KEY] ?? [])] };
}
