import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { coreLogger, createServerLogger } from "../src/server/logging.js";
import { lazyRequestLogger } from "../src/server/request-logger.js";

function capture(level = "info") {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createServerLogger({ level, destination }) };
}

describe("server logger", () => {
  it("redacts secrets and Authorization headers wherever they sit", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        headers: { authorization: "Bearer agx_secret" },
        token: "tok-1",
        apiKey: "key-1",
        details: { password: "pw-1", refreshToken: "rt-1", secret: "s-1" },
        userId: "alice",
      },
      "something",
    );
    const text = JSON.stringify(lines);
    for (const value of ["agx_secret", "tok-1", "key-1", "pw-1", "rt-1", "s-1"]) expect(text).not.toContain(value);
    expect(lines[0]).toMatchObject({ userId: "alice", token: "[redacted]", headers: { authorization: "[redacted]" } });
  });

  it("logs request URLs without their query string", () => {
    const { lines, logger } = capture();
    logger.info({ req: { method: "GET", url: "/oauth/x/callback?code=abc&state=def", headers: { authorization: "Bearer k" } } }, "request");
    expect(lines[0]!.req).toEqual({ method: "GET", url: "/oauth/x/callback" });
  });

  it("carries the runtime's lines through core's Logger interface, child fields included", () => {
    const { lines, logger } = capture();
    coreLogger(logger).child({ requestId: "r-1" }).warn("command finished", { outcome: "CONFLICT" });
    expect(lines[0]).toMatchObject({ level: 40, requestId: "r-1", outcome: "CONFLICT", msg: "command finished" });
  });

  it("builds a request's child logger only for a line that is written, with the request's bindings", () => {
    const { lines, logger } = capture("warn");
    let children = 0;
    const child = logger.child.bind(logger);
    logger.child = ((...args: Parameters<typeof logger.child>) => (children++, child(...args))) as typeof logger.child;
    const requestLog = lazyRequestLogger.call(undefined as never, logger, { reqId: "req-1" }, {}, undefined as never);
    requestLog.info({ statusCode: 200 }, "request finished");
    expect(children).toBe(0);
    expect(lines).toEqual([]);
    requestLog.error({ token: "tok-1" }, "request failed");
    requestLog.warn("slow");
    expect(children).toBe(1);
    expect(lines).toMatchObject([
      { level: 50, reqId: "req-1", token: "[redacted]", msg: "request failed" },
      { level: 40, reqId: "req-1", msg: "slow" },
    ]);
  });
});
