import type { RJSFSchema, UiSchema } from "@rjsf/utils";

/** A string field that holds a calendar date: `format: "date"`, or a YYYY-MM-DD pattern or description. */
function isDateField(schema: RJSFSchema): boolean {
  if (schema.type !== "string" && !(Array.isArray(schema.type) && schema.type.includes("string"))) return false;
  if (schema.format === "date") return true;
  // Extensions describe date inputs as YYYY-MM-DD (core's date inputs carry no `format`): still a date picker.
  return /\\d\{4\}-\\d\{2\}-\\d\{2\}|YYYY-MM-DD/.test(`${schema.pattern ?? ""} ${schema.description ?? ""}`);
}

/**
 * The uiSchema for a command's input: date pickers for date fields, and a Run button instead of
 * @rjsf's Submit. Everything else (required marks, enums as selects, defaults) @rjsf reads from the
 * schema itself.
 */
export function commandUiSchema(schema: RJSFSchema, runLabel: string): UiSchema {
  const ui: UiSchema = { "ui:submitButtonOptions": { submitText: runLabel } };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (typeof property === "object" && isDateField(property)) ui[name] = { "ui:widget": "date" };
  }
  return ui;
}
