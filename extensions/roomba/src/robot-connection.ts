import { CommandError } from "@agx-ext/core";
import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { readShadowUpdate, type ReportedState } from "./robot-state.js";
import { isTlsFailure, robotTlsOptions } from "./robot-tls.js";

/** Where and how to reach the robot: host, port, BLID and password, timeout and TLS ciphers. */
export interface RobotAddress {
  host: string;
  port: number;
  blid: string;
  password: string;
  timeoutMs: number;
  /** TLS 1.2 cipher list to offer instead of the one robots need (ROOMBA_TLS_CIPHERS). */
  tlsCiphers?: string | undefined;
}

/** MQTT CONNACK codes (3.1.1) that mean the user name or password was refused. */
const REFUSED_LOGIN = new Set([4, 5, 134, 135]);

/**
 * One session with the robot's local MQTT broker: it gathers the reported state the robot pushes,
 * publishes commands on `cmd` and preference changes on `delta`, and waits for the robot to report
 * the result. The robot takes one local client at a time, so a session is opened per command and
 * closed right after.
 */
export class RobotConnection {
  private state: ReportedState = {};
  private readonly listeners = new Set<() => void>();
  private readonly unreadableFields = new Set<string>();
  /** Entries of the robot's `cleanSchedule2` that could not be read (rewriting the list would lose them). */
  skippedScheduleEntries = 0;

  private constructor(
    private readonly client: MqttClient,
    private readonly address: RobotAddress,
  ) {
    client.on("message", (_topic, payload) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString("utf8"));
      } catch {
        return; // the robot also sends non-JSON diagnostics; they carry no state
      }
      const update = readShadowUpdate(parsed);
      this.state = { ...this.state, ...update.fields };
      for (const key of Object.keys(update.fields)) this.unreadableFields.delete(key);
      for (const key of update.unreadable) this.unreadableFields.add(key);
      if (update.skippedScheduleEntries !== undefined) this.skippedScheduleEntries = update.skippedScheduleEntries;
      for (const listener of this.listeners) listener();
    });
  }

  static async open(address: RobotAddress): Promise<RobotConnection> {
    const options: IClientOptions = {
      clientId: address.blid,
      username: address.blid,
      password: address.password,
      protocolVersion: 4,
      clean: false,
      reconnectPeriod: 0,
      connectTimeout: address.timeoutMs,
      ...robotTlsOptions(address.tlsCiphers),
    };
    // Host and port as options, not a URL: an IPv6 address needs no brackets this way.
    let client: MqttClient;
    try {
      client = connect({ ...options, protocol: "mqtts", host: address.host, port: address.port });
    } catch (error) {
      throw connectionError(address, error); // e.g. a TLS option OpenSSL rejects while building the socket
    }
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        cleanup();
        client.end(true);
        reject(connectionError(address, error));
      };
      const timer = setTimeout(() => fail(new Error("timeout")), address.timeoutMs);
      const onClose = () => fail(new Error("connection closed"));
      const cleanup = () => {
        clearTimeout(timer);
        client.off("connect", onConnect);
        client.off("error", fail);
        client.off("close", onClose);
      };
      const onConnect = () => {
        cleanup();
        resolve();
      };
      client.once("connect", onConnect);
      client.once("error", fail);
      client.once("close", onClose);
    });
    // Later socket errors also close the client, which the waits report; an unheard "error" event would crash the host.
    client.on("error", () => undefined);
    const connection = new RobotConnection(client, address);
    // MQTT wildcards do not match topics starting with "$", so the shadow topic is named on its own.
    const topics = [`$aws/things/${address.blid}/shadow/#`, "#"];
    await client.subscribeAsync(topics, { qos: 0 }).catch((error: unknown) => {
      client.end(true);
      throw connectionError(address, error);
    });
    return connection;
  }

  /** Waits until the reported state satisfies `ready`; `what` names the wait in the error. */
  waitFor(ready: (state: ReportedState) => boolean, what: string, timeoutMs = this.address.timeoutMs): Promise<ReportedState> {
    if (ready(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ready(this.state)) return;
        done();
        resolve(this.state);
      };
      const onClose = () => {
        done();
        reject(new CommandError("PROVIDER_ERROR", `The Roomba at ${this.address.host} closed the connection while ${what}.`));
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new CommandError(
            "PROVIDER_ERROR",
            `The Roomba at ${this.address.host} did not report ${what} within ${timeoutMs / 1000} s.${this.unreadableNote()} It may be busy or its firmware may not support this; try again, or check the iRobot app.`,
            { details: { host: this.address.host, unreadableFields: this.unreadable } },
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.client.off("close", onClose);
      };
      this.listeners.add(check);
      this.client.once("close", onClose);
    });
  }

  /**
   * Waits for the fields a report needs, then briefly for ones it can do without: the robot streams
   * its state in pieces and not every model reports every counter.
   */
  async gather(required: (state: ReportedState) => boolean, wanted: (state: ReportedState) => boolean, what: string): Promise<ReportedState> {
    await this.waitFor(required, what);
    const graceMs = Math.min(this.address.timeoutMs, 1000);
    return this.waitFor(wanted, what, graceMs).catch(() => this.state);
  }

  /** Fields the robot reported in a form these commands cannot read (left out of the state). */
  get unreadable(): string[] {
    return [...this.unreadableFields].sort();
  }

  private unreadableNote(): string {
    const fields = this.unreadable;
    return fields.length ? ` It reported ${fields.join(", ")} in a form this extension cannot read.` : "";
  }

  /** Publishes a command (`start`, `stop`, `pause`, `resume`, `dock`) the way the robot's app does. */
  async sendCommand(command: string): Promise<number> {
    const time = Math.floor(Date.now() / 1000);
    await this.client.publishAsync("cmd", JSON.stringify({ command, time, initiator: "localApp" }), { qos: 0 });
    return time;
  }

  /** Asks the robot to change reported settings (preferences, schedule). */
  async sendDelta(state: Partial<ReportedState>): Promise<void> {
    await this.client.publishAsync("delta", JSON.stringify({ state }), { qos: 0 });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true).catch(() => undefined);
  }
}

function connectionError(address: RobotAddress, error: unknown): CommandError {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number" && REFUSED_LOGIN.has(code))
    return new CommandError(
      "UNAUTHORIZED",
      `The Roomba at ${address.host} refused the login. Check ROOMBA_BLID and ROOMBA_PASSWORD (see the README for how to read them off the robot).`,
    );
  const reason = typeof code === "string" ? code : ((error as Error | null)?.message ?? "unknown error");
  if (isTlsFailure(error)) {
    const said = tlsReason(error);
    return new CommandError(
      "PROVIDER_ERROR",
      `The Roomba at ${address.host}:${address.port} answered, but the secure (TLS) connection to it failed (${said}). ` +
        "The robot is on the network; its TLS did not match what this host offers. This extension allows the legacy renegotiation " +
        "and the AES128-SHA256 cipher these robots need; if yours needs another cipher, set ROOMBA_TLS_CIPHERS " +
        "(e.g. TLS_AES_256_GCM_SHA384 for newer firmware), and check that ROOMBA_PORT is its MQTT over TLS port (8883).",
      { details: { host: address.host, port: address.port, reason, tls: said } },
    );
  }
  return new CommandError(
    "PROVIDER_ERROR",
    `Could not reach the Roomba at ${address.host}:${address.port} (${reason}). Check that it is powered on, on the same network, and that ROOMBA_HOST is its IP address; the robot accepts one local connection at a time, so close other local apps.`,
    { details: { host: address.host, port: address.port, reason } },
  );
}

/** OpenSSL's words for a TLS failure ("sslv3 alert handshake failure"), without its file and line. */
function tlsReason(error: unknown): string {
  const message = (error as Error | null)?.message ?? "";
  const said = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1]?.trim();
  const code = (error as { code?: unknown } | null)?.code;
  return said ?? (typeof code === "string" ? code : message.slice(0, 200) || "TLS error");
}
