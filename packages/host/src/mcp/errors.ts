import { randomUUID } from "node:crypto";
import { UrlElicitationRequiredError, type ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { isCommandError } from "@agx-ext/core";

/** Failures the person, not the model, must act on: connecting an account or supplying settings. */
const PERSON_MUST_ACT = new Set(["NOT_CONNECTED", "NOT_CONFIGURED"]);

/** A link where the person can fix the failure, when the error carries one (`details.connectUrl`). */
function connectUrlOf(error: unknown): string | undefined {
  if (!isCommandError(error) || !PERSON_MUST_ACT.has(error.code)) return undefined;
  const url = (error.details as { connectUrl?: unknown } | undefined)?.connectUrl;
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : undefined;
}

/**
 * A failure the person must fix through a link becomes an MCP URL elicitation (error -32042) for a
 * client that announced `elicitation.url`, so it can open the page for them; otherwise undefined.
 */
export function urlElicitationFor(error: unknown, capabilities: ClientCapabilities | undefined): UrlElicitationRequiredError | undefined {
  const url = connectUrlOf(error);
  if (!url || !capabilities?.elicitation?.url || !isCommandError(error)) return undefined;
  return new UrlElicitationRequiredError([{ mode: "url", elicitationId: randomUUID(), url, message: error.message }], error.message);
}

/**
 * The text of a tool error: `CODE: message`, which already says what to do (`agx connect <provider>`,
 * which setting is missing); with the link, when there is one, for clients that cannot open it themselves.
 */
export function toolErrorText(error: unknown): string {
  // Runtime.execute rejects only with CommandError; anything else is reported without internals.
  if (!isCommandError(error)) return "INTERNAL: the command failed unexpectedly.";
  const url = connectUrlOf(error);
  return `${error.code}: ${error.message}` + (url ? `\nOpen ${url} to fix this, then try again.` : "");
}
