import { inject as tsyringeInject } from "tsyringe";
import type { Token } from "./tokens.js";

/**
 * Compile-time check of one constructor parameter: `unknown` (no constraint) when the token's type T is
 * assignable to the parameter's declared type, otherwise an object type naming both, which the class
 * constructor lacks, so the compiler reports the mismatch at the `@inject` line.
 */
type Accepts<C, I extends number, T> = C extends abstract new (...args: infer P) => unknown
  ? [T] extends [P[I]]
    ? unknown
    : { readonly "@inject: the token provides": T; readonly "but the parameter is declared as": P[I] }
  : unknown;

/** A parameter decorator that only compiles on a constructor parameter whose type accepts T. */
export type InjectDecorator<T> = <C, const I extends number>(target: C & Accepts<C, I, T>, key: undefined, index: I) => void;

/**
 * Asks the container for a token's value in an extension constructor: `@inject(HTTP) http: HttpClient`.
 * Parameter decorators do not see the parameter's type, but with legacy decorators the compiler passes
 * the class and the parameter's position (as a literal type), so the check looks the type up there.
 */
export function inject<T>(token: Token<T>, options?: { isOptional?: boolean }): InjectDecorator<T> {
  return tsyringeInject(token, options) as InjectDecorator<T>;
}
