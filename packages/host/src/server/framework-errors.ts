import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { CommandError, type ErrorCode } from "@agx-ext/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { MAX_HEADER_BYTES, MAX_PARAM_LENGTH } from "./limits.js";
import { failureBody } from "./status.js";

/**
 * Answers for requests fastify or Node refuse before any route runs, in the same
 * `{ ok: false, error: { code, message } }` envelope as everything else.
 */

/** Bad percent-encoding (400) or an over-long path segment (414), found while routing. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === "FST_ERR_BAD_URL"
      ? [400, "INVALID_INPUT", "The URL path is not valid: check its percent-encoding."]
      : error.code === "FST_ERR_MAX_PARAM_LENGTH"
        ? [414, "INVALID_INPUT", `A part of the URL path is longer than ${MAX_PARAM_LENGTH} characters.`]
        : [500, "INTERNAL", "The server failed unexpectedly; its log has the details."];
  // The hooks that set this up have not run for a request refused while routing.
  request.agx = { outcome: code };
  if (status === 500) request.log.error({ err: error }, "request failed while routing");
  void reply.code(status).send(failureBody(new CommandError(code, message)));
}

/** What Node's HTTP parser refuses: a request too slow to arrive (408), headers too large (431), garbage (400). */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "The request did not arrive in time: send it whole within the server's request timeout."]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, `The request headers are larger than ${MAX_HEADER_BYTES} bytes.`]
        : [400, "The request is not valid HTTP."];
  const body = JSON.stringify(failureBody(new CommandError("INVALID_INPUT", message)));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
