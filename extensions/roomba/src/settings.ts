import { isIP } from "node:net";
import { createSecureContext } from "node:tls";
import { secret, z } from "@agx-ext/core";

/** A DNS host name (RFC 1123 labels). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** True when OpenSSL knows at least one cipher of the list (an unknown list fails every connection). */
function isCipherList(ciphers: string): boolean {
  try {
    createSecureContext({ ciphers });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the robot is and how to log in to its local MQTT broker. The BLID and password are the
 * robot's own (see the README for how to read them off the robot); they can be set host-wide or
 * stored per user.
 */
export const roombaSettings = z.object({
  ROOMBA_HOST: z
    .string()
    .trim()
    .min(1)
    .max(253, { abort: true })
    .refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), { message: "not an IP address or host name" })
    .describe("IP address or host name of the robot on the local network"),
  ROOMBA_BLID: z.string().min(1).describe("the robot's BLID (its MQTT user name)"),
  ROOMBA_PASSWORD: secret(z.string().min(1).describe("the robot's local password")),
  ROOMBA_PORT: z.coerce.number().int().min(1).max(65535).default(8883).describe("MQTT over TLS port of the robot (8883)"),
  ROOMBA_TIMEOUT_SECONDS: z.coerce
    .number()
    .positive()
    .max(120)
    .default(10)
    .describe("how long to wait for the robot to connect, report its state or confirm a change"),
  ROOMBA_TLS_CIPHERS: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine(isCipherList, { message: "not an OpenSSL cipher list this host knows" })
    .optional()
    .describe("TLS 1.2 cipher list offered to the robot instead of AES128-SHA256 (OpenSSL names, colon-separated)"),
});

/** The parsed Roomba settings the extension receives under SETTINGS. */
export type RoombaSettings = z.output<typeof roombaSettings>;
