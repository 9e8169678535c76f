// The JSON-Schema validator behind the command forms: @cfworker/json-schema wrapped in @rjsf's
// ValidatorType. Why not @rjsf/validator-ajv8: Ajv compiles schemas with `new Function`, which the
// host's Content-Security-Policy (script-src 'self', no 'unsafe-eval') forbids, and the command
// schemas arrive at run time, so they cannot be precompiled. cfworker interprets schemas instead.
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import {
  toErrorSchema,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from "@rjsf/utils";

/** Keywords that only report that something below them failed: the failure below is the one to show. */
const WRAPPERS = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalItems",
  "$ref",
  "$recursiveRef",
  "allOf",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "then",
  "else",
  "if",
]);

/** "#/a/0/b c" -> ".a.0.b c": the dotted path @rjsf's error schema is keyed by. */
function propertyPath(instanceLocation: string): string {
  const segments = instanceLocation
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~"));
  return segments.map((segment) => `.${segment}`).join("");
}

function toRjsfError(unit: OutputUnit): RJSFValidationError {
  let property = propertyPath(unit.instanceLocation);
  let message = unit.error;
  if (unit.keyword === "required") {
    // Shown under the missing field itself, as ajv's errors are.
    const missing = /required property "([^"]+)"/.exec(unit.error)?.[1];
    if (missing !== undefined) {
      property = `${property}.${missing}`;
      message = "is required";
    }
  }
  return { name: unit.keyword, property, message, params: {}, stack: `${property || "input"} ${message}`.trim(), schemaPath: unit.keywordLocation };
}

/** Subschemas keep the root's definitions, so their "#/$defs/..." references still resolve. */
function withRootDefinitions(schema: RJSFSchema, root: RJSFSchema | undefined): Schema {
  if (!root || root === schema || (!root.$defs && !root.definitions)) return schema as Schema;
  return { ...(root.$defs ? { $defs: root.$defs } : {}), ...(root.definitions ? { definitions: root.definitions } : {}), ...(schema as Schema) };
}

class CfworkerValidator implements ValidatorType {
  private readonly cache = new WeakMap<object, Validator>();

  private validator(schema: Schema, shortCircuit: boolean): Validator {
    if (!shortCircuit) return new Validator(schema, "2020-12", false);
    let validator = this.cache.get(schema);
    if (!validator) this.cache.set(schema, (validator = new Validator(schema, "2020-12", true)));
    return validator;
  }

  rawValidation<Result = OutputUnit>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      const result = this.validator(schema as Schema, false).validate(formData ?? {});
      return { errors: result.errors.filter((unit) => !WRAPPERS.has(unit.keyword)) as Result[] };
    } catch (failure) {
      return { validationError: failure instanceof Error ? failure : new Error(String(failure)) };
    }
  }

  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema,
  ): ValidationData<unknown> {
    const raw = this.rawValidation<OutputUnit>(schema, formData);
    let errors: RJSFValidationError[] = raw.validationError
      ? [{ name: "schema", property: "", message: raw.validationError.message, stack: raw.validationError.message }]
      : (raw.errors ?? []).map(toRjsfError);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    // The console passes no customValidate: the host validates every call again and names the field.
    void customValidate;
    return { errors, errorSchema: toErrorSchema(errors) };
  }

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    try {
      return this.validator(withRootDefinitions(schema, rootSchema), true).validate(formData).valid;
    } catch {
      return false;
    }
  }
}

export const validator = new CfworkerValidator();
