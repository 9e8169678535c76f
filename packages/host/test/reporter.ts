import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Reporter {
  /** Where the probe's Never Finish reports (its `reportUrl` input). */
  url: string;
  /** The next report's query, in arrival order: "?started", then "?aborted=<reason>". */
  next(): Promise<string>;
  close(): Promise<void>;
}

/** A server that records the query of every request: the probe's Never Finish reports its abort here. */
export async function startReporter(): Promise<Reporter> {
  const reports: string[] = [];
  const waiting: ((value: string) => void)[] = [];
  const server: HttpServer = createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://x").search;
    const waiter = waiting.shift();
    if (waiter) waiter(query);
    else reports.push(query);
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`,
    next: () => (reports.length ? Promise.resolve(reports.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
