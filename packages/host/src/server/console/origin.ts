import type { FastifyRequest } from "fastify";

/**
 * The origins this host answers as: the public URL's (AGX_PUBLIC_URL, or the address it listens on) and the one the
 * request itself was sent to (a browser on localhost while the public URL names 127.0.0.1). A cross-site page's
 * request carries its own site's Origin, which is neither.
 */
export function ownOrigins(request: FastifyRequest, publicUrl: string): Set<string> {
  return new Set([new URL(publicUrl).origin, `${request.protocol}://${request.headers.host ?? ""}`]);
}

/** True when the request has no Origin header (not sent by a cross-site page's fetch or form), or this host's own. */
export function originAllowed(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  return origin === undefined || ownOrigins(request, publicUrl).has(origin);
}
