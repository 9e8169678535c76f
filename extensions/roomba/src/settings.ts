import { secret, z } from "@agx-ext/core";

/**
 * Where the robot is and how to log in to its local MQTT broker. The BLID and password are the
 * robot's own (see the README for how to read them off the robot); they can be set host-wide or
 * stored per user.
 */
export const roombaSettings = z.object({
  ROOMBA_HOST: z.string().min(1).describe("IP address or host name of the robot on the local network"),
  ROOMBA_BLID: z.string().min(1).describe("the robot's BLID (its MQTT user name)"),
  ROOMBA_PASSWORD: secret(z.string().min(1).describe("the robot's local password")),
  ROOMBA_PORT: z.coerce.number().int().min(1).max(65535).default(8883).describe("MQTT over TLS port of the robot (8883)"),
  ROOMBA_TIMEOUT_SECONDS: z.coerce
    .number()
    .positive()
    .max(120)
    .default(10)
    .describe("how long to wait for the robot to connect, report its state or confirm a change"),
});

export type RoombaSettings = z.output<typeof roombaSettings>;
