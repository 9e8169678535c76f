import { CommandError, isCommandError } from "@agx-ext/core";
import type { ConnectLinks } from "./service.js";

/**
 * A NOT_CONNECTED error as the host answers it to HTTP and MCP callers: with `details.connectUrl`, a fresh connect
 * link for that user and provider, so an agent can hand the person a page that connects the right account.
 * Core and auth only name the provider; links are the host's (they need its public URL and database).
 * Any other error, or a link that cannot be made, leaves the error as it was.
 */
export async function withConnectUrl(error: unknown, userId: string | undefined, links: ConnectLinks | undefined): Promise<unknown> {
  if (!links || !userId || !isCommandError(error) || error.code !== "NOT_CONNECTED") return error;
  const provider = error.details?.provider;
  if (typeof provider !== "string" || typeof error.details?.connectUrl === "string") return error;
  try {
    const connectUrl = await links.forReconnect(userId, provider);
    if (!connectUrl) return error;
    return new CommandError(error.code, error.message, {
      details: { ...error.details, connectUrl },
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      cause: error,
    });
  } catch {
    // The error the caller gets matters more than the link: answer it without one.
    return error;
  }
}
