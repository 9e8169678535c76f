import { createRequire } from "node:module";
import type { FastifyServerOptions } from "fastify";

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>;
type BuildValidator = NonNullable<CompilersFactory["buildValidator"]>;
type BuildSerializer = NonNullable<CompilersFactory["buildSerializer"]>;

const require = createRequire(import.meta.url);

/**
 * Fastify's own schema compilers (ajv for request parts, fast-json-stringify for responses), loaded the first
 * time a route's schema is compiled. The host's routes declare none (core checks each command's input against
 * its schema), and fastify would otherwise load ajv and its compiler at every start: about 30 ms of an `agx serve`.
 */
export const lazySchemaCompilers: CompilersFactory = {
  buildValidator: ((externalSchemas, options) => {
    let compiler: ReturnType<BuildValidator> | undefined;
    return (route) => {
      compiler ??= (require("@fastify/ajv-compiler") as () => BuildValidator)()(externalSchemas, options);
      return compiler(route);
    };
  }) satisfies BuildValidator,
  buildSerializer: ((externalSchemas, options) => {
    let compiler: ReturnType<BuildSerializer> | undefined;
    return (route) => {
      compiler ??= (require("@fastify/fast-json-stringify-compiler") as () => BuildSerializer)()(externalSchemas, options);
      return compiler(route);
    };
  }) satisfies BuildSerializer,
};
