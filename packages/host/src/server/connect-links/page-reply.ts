import type { FastifyReply } from "fastify";

/**
 * Security headers of every connect page: never cached or framed (a framed Connect button could be clicked
 * unknowingly), and the token in the address never leaves in a Referer to another site. `same-origin`, not
 * `no-referrer`: under `no-referrer` browsers send the page's own form with `Origin: null`, which the same-origin
 * check of its POST must refuse.
 */
export function pageReply(reply: FastifyReply, status: number): FastifyReply {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("referrer-policy", "same-origin")
    .header("x-frame-options", "DENY")
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
}
