import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { consoleAssets } from "./assets.js";

/** The console's page paths: each answers index.html, and the console's router shows the page. */
export const PAGE_PATHS = ["/", "/connections", "/commands", "/commands/*", "/activity", "/agents", "/subscriptions", "/admin", "/sign-in"] as const;

/**
 * Scripts, styles, images and requests from this host only; no inline script, no eval (the console is built to
 * files), no framing, forms post only here.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Whether the console is served: AGX_CONSOLE=off (or false, 0, no) turns it off. */
export function consoleEnabled(env: NodeJS.ProcessEnv): boolean {
  return !["off", "false", "0", "no"].includes((env.AGX_CONSOLE ?? "").trim().toLowerCase());
}

/** The console's built files, when they are there (index.html and assets/); undefined otherwise. */
export function builtConsole(root: string): string | undefined {
  return existsSync(join(root, "index.html")) && existsSync(join(root, "assets")) ? root : undefined;
}

/** Public: the console's pages (index.html at each page path) and its assets, content-hashed and cached for good. */
export async function consolePages(app: FastifyInstance, { root }: { root: string }): Promise<void> {
  // Read once: the page is small and the same for everyone; its scripts come from /assets.
  const index = readFileSync(join(root, "index.html"));
  const page = (reply: FastifyReply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("content-security-policy", CONSOLE_CSP)
      .header("x-frame-options", "DENY")
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "same-origin")
      .send(index);
  for (const path of PAGE_PATHS)
    app.get(path, async (request, reply) => {
      request.agx.outcome = "ok";
      return page(reply);
    });
  consoleAssets(app, join(root, "assets"));
}
