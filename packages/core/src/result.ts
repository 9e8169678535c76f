/** What a command returns: JSON-serializable data, and optionally markdown for agents and people. */
export interface CommandResult<T = unknown> {
  data: T;
  markdown?: string;
}

export function isCommandResult(value: unknown): value is CommandResult {
  return typeof value === "object" && value !== null && "data" in value;
}
