import { constants } from "node:crypto";
import type { ConnectionOptions } from "node:tls";

/** The TLS options a connection to the robot uses (its self-signed certificate and old ciphers). */
export type RobotTlsOptions = Required<Pick<ConnectionOptions, "rejectUnauthorized" | "secureOptions" | "ciphers">>;

/**
 * The TLS 1.2 cipher the robots' local interface is known to need, as the community library for it
 * (dorita980) sets it. Only the TLS 1.2 list changes: TLS 1.3 suites stay on for newer firmware.
 */
export const ROBOT_TLS12_CIPHERS = "AES128-SHA256";

/**
 * How to speak TLS to the robot. Its TLS stack predates safe renegotiation (RFC 5746), which OpenSSL 3
 * refuses by default ("unsafe legacy renegotiation disabled"), so legacy servers are allowed as dorita980
 * allows them. The robot's certificate is signed by iRobot's private CA for no host name, so it cannot be
 * verified; the BLID/password login protects the session.
 */
export function robotTlsOptions(ciphers: string = ROBOT_TLS12_CIPHERS): RobotTlsOptions {
  return {
    rejectUnauthorized: false,
    secureOptions: constants.SSL_OP_LEGACY_SERVER_CONNECT,
    ciphers,
  };
}

/**
 * True when a connection error comes from the TLS handshake or record layer: the robot answered, but
 * the two sides could not agree on TLS (or it did not speak TLS at all).
 */
export function isTlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (code === "EPROTO" || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"))) return true;
  const message = (error as Error | null)?.message ?? "";
  return /SSL routines|ssl3_|tls_|handshake failure|wrong version number|unsafe legacy renegotiation|alert protocol version/i.test(message);
}
