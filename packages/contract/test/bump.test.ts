import { describe, expect, it } from "vitest";
import { allowedLevel, neededBump } from "../src/bump.js";

describe("what a release may carry", () => {
  it("from 1.x on, semver as written: major breaks, minor adds, patch fixes", () => {
    expect(allowedLevel("1.4.2", "2.0.0")).toBe("major");
    expect(allowedLevel("1.4.2", "1.5.0")).toBe("minor");
    expect(allowedLevel("1.4.2", "1.4.3")).toBe("patch");
    expect(allowedLevel("1.4.2", "1.4.2")).toBe("none");
    expect(neededBump("major", "1.4.2")).toBe("major");
    expect(neededBump("minor", "1.4.2")).toBe("minor");
  });

  it("at 0.x a minor bump may break and a patch bump may add (caret ranges stop at the next minor)", () => {
    expect(allowedLevel("0.3.1", "0.4.0")).toBe("major");
    expect(allowedLevel("0.3.1", "0.3.2")).toBe("minor");
    expect(allowedLevel("0.3.1", "1.0.0")).toBe("major");
    expect(neededBump("major", "0.3.1")).toBe("minor");
    expect(neededBump("minor", "0.3.1")).toBe("patch");
  });

  it("at 0.0.x every bump may break (^0.0.3 takes no other version)", () => {
    expect(allowedLevel("0.0.3", "0.0.4")).toBe("major");
    expect(neededBump("major", "0.0.3")).toBe("patch");
  });

  it("pre-releases count by the version they lead to", () => {
    expect(allowedLevel("1.4.2", "2.0.0-next.0")).toBe("major");
    expect(allowedLevel("1.4.2", "1.4.3-next.1")).toBe("patch");
  });
});
