import type { FastifyInstance } from "fastify";
import type sendFile from "@fastify/send";

type Send = typeof sendFile;

/**
 * @fastify/send, imported on the first asset request. The console's assets go through it directly rather than
 * through the @fastify/static plugin: a plugin has to be loaded before the server is ready, and @fastify/static
 * brings glob with it, about 35 ms of every `agx serve` start, most of them for hosts whose console nobody opens.
 */
let loading: Promise<Send> | undefined;
const loadSend = (): Promise<Send> => (loading ??= import("@fastify/send").then((module) => module.default));

/**
 * GET /assets/*: the console's built files from `root`. Their names carry a hash of their content (a changed file
 * is a new name), so they are cached for good. A missing file, a directory, a dotfile or a path leaving `root` is
 * the API's own 404.
 */
export function consoleAssets(app: FastifyInstance, root: string): void {
  app.get("/assets/*", async (request, reply) => {
    const send = await loadSend();
    const path = `/${(request.params as { "*": string })["*"]}`;
    // fastify has decoded the parameter and send() decodes the path it is given: it gets the path encoded again.
    const { statusCode, headers, stream, type } = await send(request.raw, encodeURI(path), {
      root,
      index: false,
      maxAge: "365d",
      immutable: true,
    });
    if (type === "directory" || statusCode === 403 || statusCode === 404) {
      stream.destroy();
      return reply.callNotFound();
    }
    request.agx.outcome = "ok";
    return reply.code(statusCode).headers(headers).header("x-content-type-options", "nosniff").send(stream);
  });
}
