import { injectable } from "tsyringe";
import type { z } from "zod";
import type { CommandOptions, ExtensionClass, ExtensionOptions } from "./definition.js";
import { COMMANDS_KEY, EXTENSION_KEY, type Marked } from "./metadata.js";
import type { CommandResult } from "./result.js";

/** Marks a class as an agx extension and makes it constructible by the DI container. */
export function Extension(options: ExtensionOptions) {
  return <T extends ExtensionClass>(target: T): T => {
    injectable()(target);
    Object.defineProperty(target, EXTENSION_KEY, { value: options, enumerable: false });
    return target;
  };
}

/** What a command method receives: the input schema's output, or the raw JSON object without a schema. */
export type CommandInput<I extends z.ZodObject | undefined> = I extends z.ZodObject ? z.output<I> : Record<string, unknown>;

/** What a command method returns: a CommandResult whose data is the output schema's output (unknown without one). */
export type CommandReturn<O extends z.ZodType | undefined> = CommandResult<O extends z.ZodType ? z.output<O> : unknown>;

/** The method type a command with input schema I and output schema O must have (sync or async). */
export type CommandMethod<I extends z.ZodObject | undefined, O extends z.ZodType | undefined> = (
  input: CommandInput<I>,
) => CommandReturn<O> | Promise<CommandReturn<O>>;

/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/**
 * Method parameters are compared bivariantly, so `M extends CommandMethod` alone would let a method take a
 * wider or narrower input than the schema's. This is `unknown` when the method takes no parameter or exactly
 * the schema's output, otherwise an object type naming both, which the descriptor lacks: a compile error.
 */
type ExactInput<M, I extends z.ZodObject | undefined> = M extends (...args: infer P) => unknown
  ? P extends []
    ? unknown
    : Same<P[0], CommandInput<I>> extends true
      ? unknown
      : { readonly "@Command: the method's input must be exactly": CommandInput<I>; readonly "but it is": P[0] }
  : unknown;

/**
 * Marks a method as a command. The method takes `z.output<typeof input>` (nothing else compiles) and
 * returns `CommandResult<z.output<typeof output>>`, directly or as a promise.
 */
export function Command<I extends z.ZodObject | undefined = undefined, O extends z.ZodType | undefined = undefined>(
  options: CommandOptions & { input?: I; output?: O },
) {
  return <M extends CommandMethod<I, O>>(prototype: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<M> & ExactInput<M, I>): void => {
    const ctor = prototype.constructor as Marked;
    const own = Object.prototype.hasOwnProperty.call(ctor, COMMANDS_KEY) ? ctor[COMMANDS_KEY]! : [];
    if (own.length === 0) Object.defineProperty(ctor, COMMANDS_KEY, { value: own, enumerable: false });
    own.push({ ...options, method });
  };
}
