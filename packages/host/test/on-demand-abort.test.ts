import { describe, expect, it } from "vitest";
import { OnDemandAbort } from "../src/on-demand-abort.js";

describe("an abort whose signal is made on demand", () => {
  it("makes the signal once, on the first ask, and aborts it with the reason", () => {
    const call = new OnDemandAbort();
    const signal = call.signal();
    expect(call.signal()).toBe(signal);
    expect(signal.aborted).toBe(false);
    const heard: unknown[] = [];
    signal.addEventListener("abort", () => heard.push(signal.reason));
    call.abort("deadline");
    expect(heard).toEqual(["deadline"]);
  });

  it("remembers an abort that came before anyone asked: the signal is made already aborted, with that reason", () => {
    const call = new OnDemandAbort();
    const reason = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    call.abort(reason);
    const signal = call.signal();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it("keeps the first reason, as AbortController does", () => {
    const call = new OnDemandAbort();
    call.abort("first");
    call.abort("second");
    expect(call.signal().reason).toBe("first");
    const asked = new OnDemandAbort();
    const signal = asked.signal();
    asked.abort("first");
    asked.abort("second");
    expect(signal.reason).toBe("first");
  });
});
