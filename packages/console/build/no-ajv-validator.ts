// Stands in for @rjsf/validator-ajv8 in the bundle. @rjsf/core re-exports getTestRegistry, which imports
// that validator; the console never calls it (its forms validate with @cfworker/json-schema, since Ajv
// compiles with eval, which the host's CSP forbids), so the package is neither installed nor bundled.
const validator = new Proxy(
  {},
  {
    get() {
      throw new Error("@rjsf/validator-ajv8 is not part of the console; its forms use the CSP-safe validator.");
    },
  },
);
export default validator;
