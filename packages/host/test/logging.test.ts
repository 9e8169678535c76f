import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { coreLogger, createServerLogger } from "../src/server/logging.js";

function capture() {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createServerLogger({ level: "info", destination }) };
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
});
