/**
 * A fake Roomba: an MQTT broker over TLS that behaves like the robot's local interface. It accepts
 * only the robot's BLID as user name and client id with the robot password, pushes its reported
 * state on `$aws/things/<blid>/shadow/update` in partial updates, acts on `cmd` and `delta`
 * messages by reporting the new state, and can go offline or stop answering.
 */
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer, type TlsOptions, type TLSSocket } from "node:tls";
import type { Duplex } from "node:stream";
import { createBroker, type AuthenticateError, type Client } from "aedes";
import { generate } from "selfsigned";
import { startLegacyTlsServer } from "./legacy-tls-server.js";

/**
 * How the robot speaks on its port: Node's TLS (with server options, e.g. TLS 1.2 only and one cipher),
 * the TLS of older firmware without safe renegotiation (RFC 5746) and only AES128-SHA256, or a web
 * server instead of the robot (something on the port that does not speak TLS).
 */
export type RobotTransport = { kind: "tls"; options?: TlsOptions } | { kind: "legacy-tls" } | { kind: "http" };

export interface FakeRobotOptions {
  blid: string;
  password: string;
  state: Record<string, unknown>;
  transport?: RobotTransport;
}

export interface FakeRobot {
  port: number;
  /** The robot's current reported state. */
  state: Record<string, unknown>;
  /** Every cmd and delta message received, parsed. */
  received: Array<{ topic: string; payload: Record<string, unknown> }>;
  /** Client ids that logged in successfully. */
  logins: string[];
  /** TLS sessions set up (protocol and cipher), for the Node TLS and legacy TLS transports. */
  tlsSessions: Array<{ protocol: string | null; cipher: string }>;
  /** Raw payloads published on the shadow topic before the state, to each new client (malformed documents). */
  noise: Array<string | Buffer>;
  /** Sends no state at all once a client subscribes (a robot that went quiet). */
  silent: boolean;
  /** Drops the connection as soon as a client subscribes. */
  dropOnSubscribe: boolean;
  /**
   * Changes the reported state between (or during) sessions, as the robot's own doings would: the given top-level
   * keys replace the current ones, and a connected client hears the change.
   */
  update(changes: Record<string, unknown>): void;
  /** Keeps the connection but ignores commands and deltas from now on (a busy or wedged robot). */
  stopAnswering(): void;
  /** Drops every connection and stops listening: the robot is off the network. */
  goOffline(): Promise<void>;
  close(): Promise<void>;
}

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** One self-signed certificate per test file, like the robot's own (issued for no host name we could check). */
function robotCertificate() {
  certificate ??= generate([{ name: "commonName", value: "Roomba" }], { keySize: 2048, algorithm: "sha256" }).then((pems) => ({
    key: pems.private,
    cert: pems.cert,
  }));
  return certificate;
}

/** The mission status after a command; a new mission starts its counters afresh, with the command's time and initiator. */
const MISSION_AFTER: Record<string, (m: Record<string, unknown>, cmd: Record<string, unknown>) => Record<string, unknown>> = {
  start: (m, cmd) => ({
    ...m,
    cycle: "clean",
    phase: "run",
    mssnM: 0,
    sqft: 0,
    error: 0,
    nMssn: Number(m.nMssn ?? 0) + 1,
    mssnStrtTm: cmd.time,
    initiator: cmd.initiator,
  }),
  resume: (m) => ({ ...m, phase: "run" }),
  pause: (m) => ({ ...m, phase: "stop" }),
  stop: (m) => ({ ...m, cycle: "none", phase: "stop" }),
  dock: (m) => ({ ...m, cycle: "none", phase: "hmUsrDock" }),
};

export async function startFakeRobot(options: FakeRobotOptions): Promise<FakeRobot> {
  const { key, cert } = await robotCertificate();
  const topic = `$aws/things/${options.blid}/shadow/update`;
  const state: Record<string, unknown> = structuredClone(options.state);
  const received: FakeRobot["received"] = [];
  const logins: string[] = [];
  let answering = true;

  const broker = createBroker({
    authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done) {
      const ok = client.id === options.blid && username === options.blid && password?.toString("utf8") === options.password;
      if (ok) {
        logins.push(client.id);
        return done(null, true);
      }
      const error = new Error("Bad user name or password") as AuthenticateError;
      error.returnCode = 4;
      done(error, null);
    },
    // Only the robot itself publishes shadow updates; clients may only send cmd and delta.
    authorizePublish(client, packet, done) {
      if (client && packet.topic !== "cmd" && packet.topic !== "delta") return done(new Error(`topic ${packet.topic} not allowed`));
      done(null);
    },
  });

  const report = (reported: Record<string, unknown>) =>
    broker.publish(
      { cmd: "publish", topic, payload: Buffer.from(JSON.stringify({ state: { reported } })), qos: 0, retain: false, dup: false },
      () => undefined,
    );

  // The robot sends its whole state, a few keys per message, once a client is listening.
  broker.on("subscribe", (_subs, client) => {
    if (!client) return;
    if (robot.dropOnSubscribe) return void client.close();
    for (const payload of robot.noise)
      broker.publish({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false }, () => undefined);
    if (robot.silent) return;
    const keys = Object.keys(state);
    for (let i = 0; i < keys.length; i += 3) report(Object.fromEntries(keys.slice(i, i + 3).map((k) => [k, state[k]])));
  });

  broker.on("publish", (packet, client) => {
    if (!client || (packet.topic !== "cmd" && packet.topic !== "delta")) return;
    const payload = JSON.parse(packet.payload.toString()) as Record<string, unknown>;
    received.push({ topic: packet.topic, payload });
    if (!answering) return;
    if (packet.topic === "cmd") {
      const command = String(payload.command);
      const next = MISSION_AFTER[command];
      if (!next) return; // unknown commands are ignored by the robot
      state.cleanMissionStatus = next((state.cleanMissionStatus ?? {}) as Record<string, unknown>, payload);
      state.lastCommand = { command, time: payload.time, initiator: payload.initiator };
      report({ cleanMissionStatus: state.cleanMissionStatus, lastCommand: state.lastCommand });
    } else {
      const changes = (payload.state ?? {}) as Record<string, unknown>;
      Object.assign(state, changes);
      report(changes);
    }
  });

  const tlsSessions: FakeRobot["tlsSessions"] = [];
  const { server, sockets } = await listen(options.transport ?? { kind: "tls" }, { key, cert }, (stream) => broker.handle(stream), tlsSessions);
  const port = (server.address() as AddressInfo).port;
  let offline = false;

  const goOffline = async () => {
    if (offline) return;
    offline = true;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  const robot: FakeRobot = {
    port,
    state,
    received,
    logins,
    tlsSessions,
    noise: [],
    silent: false,
    dropOnSubscribe: false,
    update(changes) {
      Object.assign(state, structuredClone(changes));
      report(changes);
    },
    stopAnswering: () => void (answering = false),
    goOffline,
    async close() {
      await goOffline();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
  return robot;
}

/** The robot's listening socket for its transport; every connection's stream goes to the broker. */
async function listen(
  transport: RobotTransport,
  pems: { key: string; cert: string },
  handle: (stream: Duplex) => void,
  tlsSessions: FakeRobot["tlsSessions"],
): Promise<{ server: Server; sockets: Set<Socket> }> {
  if (transport.kind === "legacy-tls") {
    const legacy = await startLegacyTlsServer({
      ...pems,
      onConnection: (stream) => {
        tlsSessions.push({ protocol: "TLSv1.2", cipher: "AES128-SHA256" });
        handle(stream);
      },
    });
    return { server: legacy.server, sockets: legacy.sockets };
  }
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const server =
    transport.kind === "http"
      ? createTcpServer((socket) => {
          track(socket);
          socket.once("data", () => socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        })
      : createServer({ ...pems, ...transport.options }, (socket: TLSSocket) => {
          track(socket);
          tlsSessions.push({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
          handle(socket);
        });
  // A client the TLS handshake failed for is no robot error; the test looks at what the client says.
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, sockets };
}

/** Reported state recorded in the shape an i7-class robot sends (values made up). */
export function robotState(): Record<string, unknown> {
  return {
    name: "Rosie",
    sku: "R960020",
    softwareVer: "v2.4.16-126",
    batPct: 87,
    batteryType: "lith",
    bin: { present: true, full: false },
    dock: { known: true },
    cleanMissionStatus: {
      cycle: "none",
      phase: "charge",
      expireM: 0,
      rechrgM: 0,
      error: 0,
      notReady: 0,
      mssnM: 34,
      sqft: 412,
      initiator: "localApp",
      nMssn: 211,
      mssnStrtTm: 1764060000,
    },
    lastCommand: { command: "dock", time: 1764062000, initiator: "localApp" },
    bbrun: { hr: 152, min: 41, sqft: 881, nStuck: 9, nScrubs: 52, nEvacs: 0 },
    bbmssn: { nMssn: 211, nMssnOk: 180, nMssnC: 25, nMssnF: 6, aMssnM: 41, aCycleM: 39 },
    bbchg3: { avgMin: 91, hOnDock: 4100, nAvail: 180, estCap: 12900, nLithChrg: 240, nNimhChrg: 0, nDocks: 215 },
    cleanSchedule: { cycle: ["none", "start", "none", "start", "none", "none", "none"], h: [9, 9, 9, 18, 9, 9, 9], m: [0, 30, 0, 15, 0, 0, 0] },
    noAutoPasses: false,
    twoPass: false,
    openOnly: false,
    carpetBoost: true,
    vacHigh: false,
  };
}
