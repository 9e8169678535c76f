import { injectable } from "tsyringe";
import type { CommandOptions, ExtensionClass, ExtensionOptions } from "./definition.js";
import { COMMANDS_KEY, EXTENSION_KEY, type Marked } from "./metadata.js";

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
