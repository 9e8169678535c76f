import { CommandError, isCommandError } from "@agx-ext/core";
import type { ConnectLinks } from "./service.js";

/** Failures the person fixes on a page: connecting an account, or storing the settings or keys a provider needs. */
const PERSON_MUST_ACT = new Set(["NOT_CONNECTED", "NOT_CONFIGURED"]);

/**
 * A NOT_CONNECTED or NOT_CONFIGURED error as the host answers it to HTTP and MCP callers: with `details.connectUrl`,
 * so an agent can hand the person a page that fixes it. A NOT_CONNECTED OAuth provider gets a fresh connect link for
 * that user and provider; anything else (API keys, credentials, missing settings) the console's connections page.
 * Core and auth only name the provider; links are the host's (they need its public URL and database).
 * Any other error, or a link that cannot be made, leaves the error as it was.
 */
export async function withConnectUrl(error: unknown, userId: string | undefined, links: ConnectLinks | undefined): Promise<unknown> {
  if (!links || !userId || !isCommandError(error) || !PERSON_MUST_ACT.has(error.code)) return error;
  if (typeof error.details?.connectUrl === "string") return error;
  const provider = error.details?.provider;
  try {
    const link = error.code === "NOT_CONNECTED" && typeof provider === "string" ? await links.forReconnect(userId, provider) : undefined;
    const connectUrl = link ?? links.connectionsPageUrl();
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
