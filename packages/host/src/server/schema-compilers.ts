import { createRequire } from "node:module";
import type { FastifyServerOptions } from "fastify";

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>;
/** The shape both of fastify's compiler builders share: schemas and options in, a per-route compiler out. */
type CompilerBuilder<Schemas, Options, Route, Compiled> = (externalSchemas: Schemas, options: Options) => (route: Route) => Compiled;

const require = createRequire(import.meta.url);

/** A builder that loads the real one (through `load`, which returns its package's factory) when it first compiles a route. */
function loadedOnFirstCompile<Schemas, Options, Route, Compiled>(load: () => unknown): CompilerBuilder<Schemas, Options, Route, Compiled> {
  return (externalSchemas, options) => {
    let compiler: ((route: Route) => Compiled) | undefined;
    return (route) => {
      compiler ??= (load() as () => CompilerBuilder<Schemas, Options, Route, Compiled>)()(externalSchemas, options);
      return compiler(route);
    };
  };
}

/**
 * Fastify's own schema compilers (ajv for request parts, fast-json-stringify for responses), loaded the first
 * time a route's schema is compiled. The host's routes declare none (core checks each command's input against
 * its schema), and fastify would otherwise load ajv and its compiler at every start: about 30 ms of an `agx serve`.
 */
export const lazySchemaCompilers: CompilersFactory = {
  // Each require is written out, so that dependency checks see which package it loads.
  buildValidator: loadedOnFirstCompile(() => require("@fastify/ajv-compiler")),
  buildSerializer: loadedOnFirstCompile(() => require("@fastify/fast-json-stringify-compiler")),
};
