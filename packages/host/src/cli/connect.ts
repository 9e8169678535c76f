import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import type { ConnectionInfo } from "@agx-ext/auth";
import type { AuthModule, CallbackParams, ProviderInfo } from "@agx-ext/auth/host";
import { callbackValues } from "../server/connections.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, UsageError, type Subcommand } from "./io.js";

/**
 * agx connect <provider> [--account <label>]: OAuth providers get a sign-in URL and a loopback listener for the
 * callback (`--account` stores the account under that label, so a user can connect several); API-key and credentials
 * providers read each secret from stdin and store it in the vault (one set per user).
 */
export const connect: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("connect", args);
  const [provider, ...extra] = positionals;
  if (!provider || extra.length) throw usageError("connect");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  await agx.start();
  const auth = agx.services.auth;
  const info = auth.providers().find((p) => p.provider === provider);
  // Scope groups (e.g. `--scopes gmail,calendar`): only those products are requested; earlier grants stay.
  const scopes = values.scopes
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (values.scopes !== undefined && !scopes?.length) throw new UsageError(`--scopes needs group names${groupsOf(info)}`);

  if (info && (info.kind === "apiKey" || info.kind === "credentials")) {
    if (values.account !== undefined && values.account !== "default")
      throw new UsageError(`${provider} keeps one set of credentials per user, so --account does not apply`);
    const stdin = stdinLines();
    try {
      for (const name of info.secrets) {
        io.err(`${name}: `);
        const value = await stdin.next();
        if (!value) throw new UsageError(`no value given for ${name}`);
        await auth.setSecret(userId, provider, name, value);
      }
    } finally {
      stdin.close();
    }
    io.out(`Stored ${info.secrets.join(", ")} for ${provider} (user "${userId}").`);
    return EXIT.ok;
  }

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
  const callbackPath = `/oauth/${encodeURIComponent(provider)}/callback`;
  const listener = await listen(port, callbackPath);
  try {
    const redirectUri = `http://127.0.0.1:${(listener.server.address() as AddressInfo).port}${callbackPath}`;
    const begun = await auth.begin(userId, provider, {
      redirectUri,
      ...(scopes ? { scopes } : {}),
      ...(values.account !== undefined ? { account: values.account } : {}),
    });
    io.err(`Open this address in a browser to connect ${provider} (user "${userId}"); it works once, for 10 minutes:`);
    io.out(begun.url);
    if (values["no-wait"]) return EXIT.ok;
    io.err(`Waiting for ${provider} to send you back to ${redirectUri} ...`);
    const connection = await waitForCallback(listener, auth, userId, begun.expiresAt);
    io.out(describe(connection));
    return EXIT.ok;
  } finally {
    await listener.close();
  }
};

interface Callback {
  state: string;
  params: CallbackParams;
  answer: (status: number, text: string) => void;
}

interface Listener {
  server: Server;
  callback: Promise<Callback>;
  close(): Promise<void>;
}

/**
 * A one-shot HTTP listener on the loopback interface that resolves with the first request for exactly
 * `callbackPath`. Anything else (a favicon, a local page probing ports, a look-alike path) gets 404 and is
 * otherwise ignored: it can neither end the wait nor use up the flow.
 */
function listen(port: number, callbackPath: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let deliver!: (value: Callback) => void;
    const callback = new Promise<Callback>((r) => (deliver = r));
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method !== "GET" || url.pathname !== callbackPath) {
        res.writeHead(404).end();
        return;
      }
      deliver({
        state: url.searchParams.get("state") ?? "",
        params: callbackValues((name) => url.searchParams.get(name)),
        answer: (status, text) => res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(text),
      });
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({
        server,
        callback,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

async function waitForCallback(listener: Listener, auth: AuthModule, userId: string, expiresAt: Date): Promise<ConnectionInfo> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UsageError("no callback arrived before the sign-in link expired; run agx connect again")),
      Math.max(0, expiresAt.getTime() - Date.now()),
    );
  });
  try {
    const { state, params, answer } = await Promise.race([listener.callback, timeout]);
    try {
      const connection = await auth.complete(state, params, { userId });
      answer(200, "Connected. You can close this tab and return to the terminal.");
      return connection;
    } catch (error) {
      answer(400, `Connecting failed: ${(error as Error).message}`);
      throw error;
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * stdin read line by line through one reader: a reader per line would drop the lines its first read
 * buffered, and piped input often brings them all in one chunk.
 */
function stdinLines(): { next(): Promise<string>; close(): void } {
  const reader = createInterface({ input: process.stdin, terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  return {
    next: async () => {
      const line = await lines.next();
      return line.done ? "" : line.value.trim();
    },
    close: () => reader.close(),
  };
}

function groupsOf(info: ProviderInfo | undefined): string {
  const names = Object.keys(info?.scopeGroups ?? {});
  return names.length ? `, one or more of ${names.join(", ")}` : "";
}

function describe(c: ConnectionInfo): string {
  const until = c.expiresAt ? `, access token valid until ${c.expiresAt}` : "";
  const label = c.label !== (c.account ?? "default") ? ` (account "${c.label}")` : "";
  return `Connected ${c.provider}${c.account ? ` as ${c.account}` : ""}${label} for user "${c.userId}"${c.default ? "" : ", not the default account"}${until}.`;
}
