/**
 * The robot's TLS: older firmware has no safe renegotiation (RFC 5746) and wants AES128-SHA256 over
 * TLS 1.2, which OpenSSL 3 refuses by default. The robot must still be reachable, and a TLS failure
 * must say it is one (not "check that it is powered on").
 */
import { describe, expect, it } from "vitest";
import { ROBOT_TLS12_CIPHERS } from "../src/robot-tls.js";
import type { RobotTransport } from "./fake-robot.js";
import { BLID, failure, robotHostPerTest } from "./harness.js";

const startHost = robotHostPerTest();
const robotHost = (transport: RobotTransport, settings: Record<string, string> = {}) => startHost({ transport, settings });

describe("robots with legacy TLS", () => {
  it("reaches a robot whose TLS 1.2 lacks safe renegotiation and only has AES128-SHA256", async () => {
    const { host, robot } = await robotHost({ kind: "legacy-tls" });
    const result = await host.execute("Check Roomba Status");
    expect(result.data).toMatchObject({ robot: { name: "Rosie" }, batteryPercent: 87 });
    const docked = await host.execute("Dock Roomba");
    expect(docked.data).toMatchObject({ command: "dock", confirmed: true });
    expect(robot.tlsSessions).toEqual([
      { protocol: "TLSv1.2", cipher: "AES128-SHA256" },
      { protocol: "TLSv1.2", cipher: "AES128-SHA256" },
    ]);
    expect(robot.logins).toEqual([BLID, BLID]);
  });

  it("offers AES128-SHA256 for TLS 1.2, as robots need, even to a server that would prefer another cipher", async () => {
    const { host, robot } = await robotHost({
      kind: "tls",
      options: { maxVersion: "TLSv1.2", ciphers: `ECDHE-RSA-AES256-GCM-SHA384:${ROBOT_TLS12_CIPHERS}`, honorCipherOrder: true },
    });
    await host.execute("Check Roomba Status");
    expect(robot.tlsSessions).toEqual([{ protocol: "TLSv1.2", cipher: "AES128-SHA256" }]);
  });

  it("still speaks TLS 1.3 to robots that offer it", async () => {
    const { host, robot } = await robotHost({ kind: "tls" });
    await host.execute("Check Roomba Status");
    expect(robot.tlsSessions[0]?.protocol).toBe("TLSv1.3");
  });

  it("ROOMBA_TLS_CIPHERS replaces the TLS 1.2 cipher for a robot that needs another", async () => {
    const transport: RobotTransport = { kind: "tls", options: { maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256" } };
    const { host, robot } = await robotHost(transport, { ROOMBA_TLS_CIPHERS: "ECDHE-RSA-AES128-GCM-SHA256" });
    await expect(host.execute("Check Roomba Status")).resolves.toMatchObject({ data: { batteryPercent: 87 } });
    expect(robot.tlsSessions).toEqual([{ protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256" }]);
  });

  it("an unknown ROOMBA_TLS_CIPHERS is a configuration error naming it", async () => {
    const { host, robot } = await robotHost({ kind: "tls" }, { ROOMBA_TLS_CIPHERS: "NOT-A-CIPHER" });
    await expect(host.execute("Check Roomba Status")).rejects.toMatchObject({ code: "NOT_CONFIGURED", details: { invalid: ["ROOMBA_TLS_CIPHERS"] } });
    expect(robot.logins).toEqual([]);
  });
});

describe("TLS failures say they are TLS failures", () => {
  it("a robot that refuses the handshake (no cipher in common)", async () => {
    const { host, robot } = await robotHost({ kind: "tls", options: { maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES256-GCM-SHA384" } });
    const error = await failure(host.execute("Check Roomba Status"));
    // OpenSSL names the alert "sslv3 alert ..." in Node 20's build and "ssl/tls alert ..." in Node 22's.
    expect(error).toMatchObject({
      code: "PROVIDER_ERROR",
      details: { host: "127.0.0.1", port: robot.port, tls: expect.stringMatching(/^(sslv3|ssl\/tls) alert handshake failure$/) },
    });
    expect(error?.message).toMatch(/the secure \(TLS\) connection to it failed \((sslv3|ssl\/tls) alert handshake failure\)/);
    expect(error?.message).toContain("ROOMBA_TLS_CIPHERS");
    expect(error?.message).not.toContain("powered on");
    expect(robot.logins).toEqual([]);
  });

  it("something on the port that does not speak TLS", async () => {
    const { host } = await robotHost({ kind: "http" });
    const error = await failure(host.execute("Check Roomba Status"));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { tls: "wrong version number" } });
    expect(error?.message).toContain("TLS");
    expect(error?.message).not.toContain("powered on");
  });

  it("a robot that is off is still reported as unreachable, not as a TLS problem", async () => {
    const { host, robot } = await robotHost({ kind: "legacy-tls" });
    await robot.goOffline();
    const error = await failure(host.execute("Check Roomba Status"));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain("Check that it is powered on");
    expect(error?.details?.tls).toBeUndefined();
  });
});

describe("the robot's address", () => {
  it.each(["[bad", "a b", "host/path", "x".repeat(300), "exa\u0000mple"])("%j is refused as ROOMBA_HOST before connecting", async (address) => {
    const { host, robot } = await robotHost({ kind: "tls" }, { ROOMBA_HOST: address });
    await expect(host.execute("Check Roomba Status")).rejects.toMatchObject({ code: "NOT_CONFIGURED", details: { invalid: ["ROOMBA_HOST"] } });
    expect(robot.logins).toEqual([]);
  });

  it("a robot stored by a user with a bad address gets NOT_CONFIGURED, not INTERNAL", async () => {
    const { host } = await robotHost({ kind: "tls" });
    await host.services.auth.setSecret("bob", "roomba", "ROOMBA_HOST", "[fe80::1");
    await expect(host.execute("Check Roomba Status", {}, "bob")).rejects.toMatchObject({ code: "NOT_CONFIGURED" });
  });
});
