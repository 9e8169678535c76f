import { CommandError } from "@agx-ext/core";
import { clip, MAX_NAME_LENGTH } from "@agx-ext/core/host";
import type { FastifyRequest } from "fastify";

/**
 * HTTP-level size limits. Together with core's rules for command inputs and names they bound every
 * string a caller controls: path, headers, query, body.
 */

/** Largest request head (request line and headers), bytes; more is answered 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Longest path segment such as `{name}`: a command name at its limit, fully percent-encoded. Longer: 414. */
export const MAX_PARAM_LENGTH = MAX_NAME_LENGTH * 3;
/** Longest query value; OAuth codes and states are far shorter. */
const MAX_QUERY_VALUE = 4096;
/** Longest Authorization value worth a key lookup; real keys are about 80 characters. */
export const MAX_KEY_LENGTH = 256;

/**
 * An onRequest hook for every route: each query parameter appears once and is not absurdly long.
 * A repeated parameter (`?state=a&state=b`) arrives as an array, which no route expects.
 * Callback-style, as it never waits: an async hook costs every request two promises.
 */
export function checkQuery(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  done(queryProblem(request.query));
}

function queryProblem(query: unknown): CommandError | undefined {
  if (!query || typeof query !== "object") return undefined;
  for (const name in query) {
    if (!Object.hasOwn(query, name)) continue;
    const value = (query as Record<string, unknown>)[name];
    if (Array.isArray(value))
      return new CommandError("INVALID_INPUT", `Query parameter "${clip(name)}" was given ${value.length} times; send it once.`, {
        details: { fields: [clip(name)] },
      });
    if (typeof value === "string" && value.length > MAX_QUERY_VALUE)
      return new CommandError("INVALID_INPUT", `Query parameter "${clip(name)}" is longer than ${MAX_QUERY_VALUE} characters.`, {
        details: { fields: [clip(name)] },
      });
  }
  return undefined;
}
