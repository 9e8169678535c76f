import { createTestHost, type TestHost } from "@agx-ext/testing";
import { Roomba } from "../src/index.js";
import { robotState, startFakeRobot, type FakeRobot, type RobotTransport } from "./fake-robot.js";

export const BLID = "3135C61082324250";
export const PASSWORD = ":1:1586356476:p4ssw0rdVal7e";

export interface RobotHost {
  robot: FakeRobot;
  host: TestHost;
  close(): Promise<void>;
}

/** A fake robot and a host with the Roomba extension pointed at it (timeout 2 s unless settings say otherwise). */
export async function startRobotHost(
  options: { transport?: RobotTransport; settings?: Record<string, string>; databaseUrl?: string; state?: Record<string, unknown> } = {},
): Promise<RobotHost> {
  const robot = await startFakeRobot({
    blid: BLID,
    password: PASSWORD,
    state: options.state ?? robotState(),
    ...(options.transport ? { transport: options.transport } : {}),
  });
  const host = await createTestHost({
    extensions: [Roomba],
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    settings: {
      ROOMBA_HOST: "127.0.0.1",
      ROOMBA_PORT: String(robot.port),
      ROOMBA_BLID: BLID,
      ROOMBA_PASSWORD: PASSWORD,
      ROOMBA_TIMEOUT_SECONDS: "2",
      ...options.settings,
    },
  });
  return {
    robot,
    host,
    async close() {
      await host.close();
      await robot.close();
    },
  };
}
