import { createTestHost, type TestHost } from "@agx-ext/testing";
import { afterEach } from "vitest";
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

/** What startRobotHost takes. */
export type RobotHostOptions = NonNullable<Parameters<typeof startRobotHost>[0]>;

/** Starts robot hosts for a test file and closes each after its test. Call it at the file's top level. */
export function robotHostPerTest(): (options?: RobotHostOptions) => Promise<RobotHost> {
  let current: RobotHost | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (options = {}) => (current = await startRobotHost(options));
}

/** What a promise rejected with (undefined when it resolved), with a CommandError's fields. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { code?: string; details?: Record<string, unknown> },
  );
