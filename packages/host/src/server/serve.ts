import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildServer, type ServerOptions } from "./app.js";

export interface ListenOptions {
  port: number;
  hostname: string;
}

export interface RunningServer {
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /**
   * Stops taking new requests, lets the ones in flight finish (answering 503 to newcomers on kept-alive
   * connections), then resolves. After `graceMs` the remaining connections are cut and it rejects.
   */
  close(graceMs?: number): Promise<void>;
}

/** Builds the server and listens. `publicUrl` defaults to the address actually bound (port 0 picks one). */
export async function startServer(
  options: Omit<ServerOptions, "publicUrl"> & { publicUrl?: string | undefined },
  listen: ListenOptions,
): Promise<RunningServer> {
  let url = "";
  // With port 0 the address, and so the default public URL, is only known after listening.
  const app = await buildServer({ ...options, publicUrl: () => options.publicUrl ?? url });
  await app.listen({ port: listen.port, host: listen.hostname });
  const address = app.server.address() as AddressInfo;
  url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    close(graceMs = 30_000) {
      closing ??= new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          app.server.closeAllConnections();
          reject(new Error(`requests still running after ${graceMs} ms were cut off`));
        }, graceMs);
        timer.unref();
        app.close().then(
          () => {
            clearTimeout(timer);
            resolve();
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error as Error);
          },
        );
      });
      return closing;
    },
  };
}
