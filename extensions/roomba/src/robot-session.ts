import { RobotConnection, type RobotAddress } from "./robot-connection.js";

/**
 * Sessions waiting for or holding each robot, by address and BLID. The robot's broker takes one client per
 * client id (the BLID): a second login drops the first. The two trigger polls and a command that fall due together
 * would throw each other off, so this process opens one session per robot at a time. Each session is bounded by
 * the connection's own timeouts, so a queued one waits a bounded time too.
 */
const queues = new Map<string, Promise<unknown>>();

/** Opens a session with the robot (after any other session of this process with it), runs `work`, and closes it. */
export async function withRobotSession<T>(address: RobotAddress, work: (robot: RobotConnection) => Promise<T>): Promise<T> {
  const key = `${address.host}|${address.port}|${address.blid}`;
  const before = queues.get(key) ?? Promise.resolve();
  const session = before.then(() => run(address, work));
  // The queue holds a promise that never rejects, so one failed session does not fail the next.
  const tail = session.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return session;
}

async function run<T>(address: RobotAddress, work: (robot: RobotConnection) => Promise<T>): Promise<T> {
  const robot = await RobotConnection.open(address);
  try {
    return await work(robot);
  } finally {
    await robot.close();
  }
}
