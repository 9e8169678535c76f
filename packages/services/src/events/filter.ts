import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";

/** A subscription's filter: dotted paths into the event's data, each with the value (or one of the values) it must have. */
export type EventFilter = Record<string, FilterValue | FilterValue[]>;
type FilterValue = string | number | boolean | null;

const MAX_KEYS = 20;
const MAX_VALUES = 50;

/** The filter a caller sent, checked; INVALID_INPUT names what is wrong. Undefined or null: no filter. */
export function parseFilter(raw: unknown): EventFilter | undefined {
  if (raw === undefined || raw === null) return undefined;
  const refuse = (why: string) => new CommandError("INVALID_INPUT", `filter ${why}.`, { details: { fields: ["filter"] } });
  if (typeof raw !== "object" || Array.isArray(raw)) throw refuse('must be an object such as {"exercise_name": "push-ups"}');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_KEYS) throw refuse(`has more than ${MAX_KEYS} fields`);
  for (const [path, value] of entries) {
    if (!/^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,5}$/.test(path)) throw refuse(`field "${clip(path)}" must be a dotted path of names`);
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.length > MAX_VALUES) throw refuse(`"${path}" must list 1 to ${MAX_VALUES} values`);
    if (!values.every(isFilterValue)) throw refuse(`"${path}" must be a string, number, boolean or null (or a list of them)`);
  }
  return raw as EventFilter;
}

function isFilterValue(value: unknown): value is FilterValue {
  return value === null || (["string", "number", "boolean"].includes(typeof value) && (typeof value !== "string" || value.length <= 500));
}

/** True when every field of the filter has its value (or one of its values) in the data. */
export function matchesFilter(filter: EventFilter | undefined, data: unknown): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([path, wanted]) => {
    let value: unknown = data;
    for (const key of path.split("."))
      value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    return (Array.isArray(wanted) ? wanted : [wanted]).some((w) => w === value);
  });
}
