import { commandTimeoutFrom } from "../command-deadline.js";
import { createHost } from "../host.js";
import { authConnections } from "../server/auth-connections.js";
import { parseAllowedOrigins } from "../server/connect-links/redirects.js";
import { attachConnectLinks } from "../server/connect-links/store.js";
import { coreLogger, createServerLogger } from "../server/logging.js";
import { startServer } from "../server/serve.js";
import { HOST_VERSION } from "../server/version.js";
import { attachMcpAuthorization } from "../mcp-auth/attach.js";
import { attachConsole } from "../server/console/attach.js";
import { sessionOfRequest } from "../server/console/session-auth.js";
import { attachUserStore } from "../users/attach.js";
import { parseCommandLine } from "./command-line.js";
import { DEFAULT_USER, EXIT, UsageError, type Subcommand } from "./io.js";
import { DEFAULT_PORT } from "./public-url.js";
import { releaseYoungGeneration } from "../young-generation.js";

/** agx serve [--port N] [--host 127.0.0.1]: the HTTP API and MCP endpoint, until SIGTERM or SIGINT. */
export const serve: Subcommand = async (args, { io, hostOptions }) => {
  const { values } = parseCommandLine("serve", args);
  const env = hostOptions.env ?? process.env;
  const port = Number(values.port ?? env.AGX_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be a number from 0 to 65535");
  const hostname = values.host ?? env.AGX_HOST ?? "127.0.0.1";
  // Refused before start-up, as agx run and agx mcp do: a typo must not leave the server on the default deadline.
  const commandTimeoutMs = commandTimeoutFrom(env);
  const limits = { ...perMinute("rateLimitPerMinute", "AGX_RATE_LIMIT", env), ...perMinute("authFailureLimit", "AGX_AUTH_FAILURE_LIMIT", env) };

  const log = createServerLogger({ level: env.AGX_LOG_LEVEL || "info" });
  const host = await createHost({ ...hostOptions, logger: coreLogger(log) });
  try {
    const users = attachUserStore(host);
    const allowedRedirectOrigins = parseAllowedOrigins(env.AGX_ALLOWED_REDIRECT_ORIGINS);
    const linkStore = attachConnectLinks(host.services.database);
    const consoleSetup = attachConsole(host);
    const mcpAuthorization = attachMcpAuthorization(host, users);
    await host.start();
    // Scheduled jobs (connection keep-alive) run only in serving hosts; on PostgreSQL they share the work.
    await host.services.jobs.engine.start();
    // Only the embedded database gets a ready-made user: a shared server's users are made on purpose.
    const firstKey = host.services.database.dialect === "sqlite" ? await users.createFirstUser(DEFAULT_USER) : undefined;
    const server = await startServer(
      {
        runtime: host.runtime,
        users,
        connections: authConnections(host.services.auth, host.runtime.extensions),
        console: consoleSetup,
        connectLinks: { store: linkStore, providers: () => host.services.auth.providers(), allowedRedirectOrigins },
        mcpAuthorization,
        sessions: sessionOfRequest(consoleSetup.sessions),
        logger: log,
        version: HOST_VERSION,
        publicUrl: env.AGX_PUBLIC_URL || undefined,
        events: host.services.events,
        ...numberOption("webhookBodyLimit", env.AGX_WEBHOOK_BODY_LIMIT),
        ...numberOption("bodyLimit", env.AGX_BODY_LIMIT),
        ...numberOption("requestTimeoutMs", env.AGX_REQUEST_TIMEOUT_MS),
        commandTimeoutMs,
        ...limits,
      },
      { port, hostname },
    );
    releaseYoungGeneration();
    // Listening now: providers can reach the hooks to verify the callbacks that webhook setups register.
    host.services.events.setupWebhooksSoon();
    // One write, so whoever reads the output sees the URL and the key together.
    const banner = [
      `agx ${HOST_VERSION} serving ${host.runtime.registry.list().length} commands on ${server.url}`,
      `  HTTP API: ${server.url}/v1/commands   OpenAPI: ${server.url}/openapi.json   MCP: ${server.url}/mcp`,
    ];
    if (consoleSetup.pagesRoot)
      banner.push(
        `  Console: ${(env.AGX_PUBLIC_URL || server.url).replace(/\/+$/, "")}/   (sign in with an API key, or a link from agx users login-link <id>)`,
      );
    if (firstKey)
      banner.push(
        `Created user "${DEFAULT_USER}". Its API key is shown only this once:`,
        `  ${firstKey}`,
        `  curl -H "Authorization: Bearer ${firstKey}" ${server.url}/v1/commands`,
      );
    else banner.push("API keys: agx users add <id> prints a new one (agx users list shows who has one).");
    io.out(banner.join("\n"));
    const signal = await untilSignal();
    log.info({ signal }, "shutting down: finishing requests in flight");
    const graceMs = Number(env.AGX_SHUTDOWN_GRACE_MS) || 30_000;
    const ended = await server.close(graceMs).then(
      () => true,
      (error: Error) => (log.error({ err: error }, "shutdown was not clean"), false),
    );
    log.info("stopped");
    return ended ? EXIT.ok : EXIT.failed;
  } finally {
    await host.services.jobs.engine.stop().catch((error: Error) => log.error({ err: error }, "job engine did not stop cleanly"));
    await host.close();
  }
};

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve(signal);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}

/** A per-minute limit from the environment: unset means the default, anything but a positive integer is refused. */
function perMinute<K extends string>(key: K, name: string, env: NodeJS.ProcessEnv): Partial<Record<K, number>> {
  const value = env[name];
  if (value === undefined || value === "") return {};
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new UsageError(`${name} must be a whole number of requests per minute, got "${value.slice(0, 20)}"`);
  return { [key]: parsed } as Record<K, number>;
}

function numberOption<K extends string>(key: K, value: string | undefined): Partial<Record<K, number>> {
  const parsed = Number(value);
  return value && Number.isFinite(parsed) && parsed > 0 ? ({ [key]: parsed } as Record<K, number>) : {};
}
