import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import type { Logger as PinoLogger } from "pino";
import { CommandError, isCommandError } from "@agx-ext/core";
import { clip, type Runtime } from "@agx-ext/core/host";
import { DEFAULT_COMMAND_TIMEOUT_MS } from "../command-deadline.js";
import type { HostEvents } from "@agx-ext/services";
import { mcpRoutes } from "../mcp/http.js";
import { consentRoutes, type SessionReader } from "../mcp-auth/consent.js";
import { mcpAuthorizationRoutes, resourceMetadataUrl } from "../mcp-auth/routes.js";
import { Grants } from "../mcp-auth/grants.js";
import { McpAuthorization, type McpAuthorizationSetup } from "../mcp-auth/service.js";
import { grantRoutes } from "./routes/grants.js";
import type { UserStore } from "../users/store.js";
import { AuthFailureThrottle, DEFAULT_AUTH_FAILURE_LIMIT } from "./auth-throttle.js";
import { bearerKeyHook, callerOf } from "./bearer.js";
import { activityRoutes } from "./console/activity-routes.js";
import { adminRoutes } from "./console/admin-routes.js";
import { consoleConnectionRoutes } from "./console/connection-routes.js";
import { consolePages } from "./console/pages.js";
import { sessionCookieHook } from "./console/session-auth.js";
import { sessionRoutes } from "./console/session-routes.js";
import type { ConsoleSetup } from "./console/setup.js";
import { toolRoutes } from "./console/tool-routes.js";
import { isDeadlineError } from "./deadline.js";
import { connectLinkApiRoute } from "./connect-links/api-route.js";
import { withConnectUrl } from "./connect-links/not-connected.js";
import { connectPageRoutes } from "./connect-links/page-routes.js";
import { ConnectLinks, type ConnectLinkSetup } from "./connect-links/service.js";
import { clientErrorHandler, frameworkErrors } from "./framework-errors.js";
import { registerJsonParser } from "./json-body.js";
import { checkQuery, MAX_HEADER_BYTES, MAX_PARAM_LENGTH } from "./limits.js";
import { withoutQuery } from "./logging.js";
import type { ConnectionsService } from "./connections.js";
import { lazyRequestLogger } from "./request-logger.js";
import { named } from "./plugin-name.js";
import { lazySchemaCompilers } from "./schema-compilers.js";
import "./request-state.js";
import { commandRoutes } from "./routes/commands.js";
import { connectionRoutes, oauthCallbackRoute } from "./routes/connections.js";
import { extensionRoutes } from "./routes/extensions.js";
import { DEFAULT_WEBHOOK_BODY_LIMIT, hookRoutes } from "./routes/hooks.js";
import { subscriptionRoutes } from "./routes/subscriptions.js";
import { failureBody, STATUS_BY_CODE } from "./status.js";

export interface ServerOptions {
  runtime: Runtime;
  users: UserStore;
  connections?: ConnectionsService;
  logger: PinoLogger;
  /** The host's version, shown in /healthz, the OpenAPI document and the MCP handshake. */
  version: string;
  /** Base URL providers redirect back to (AGX_PUBLIC_URL); a function because port 0 is only known after listen. */
  publicUrl: () => string;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** How long a client may take to send its whole request (default 30 s). */
  requestTimeoutMs?: number;
  /** How long a command may run before its AbortSignal fires (default 120 s). */
  commandTimeoutMs?: number;
  /** Failed API key attempts per client address and minute before it is answered 429 (default 20). */
  authFailureLimit?: number;
  /** Requests per API key and minute (AGX_RATE_LIMIT); unlimited when not set. */
  rateLimitPerMinute?: number;
  /** Connect links (POST /v1/connect-links, /connect/{token}); without them accounts are connected with the CLI only. */
  connectLinks?: ConnectLinkSetup;
  /** The console's server side (sessions, sign-in links, call log, admin); without it /v1 takes API keys only. */
  console?: ConsoleSetup;
  /** Triggers, subscriptions and provider webhooks (/v1/triggers, /v1/subscriptions, /v1/events, /hooks). */
  events?: HostEvents;
  /** Largest provider webhook body, in bytes (AGX_WEBHOOK_BODY_LIMIT, default 256 KiB); more is answered 413. */
  webhookBodyLimit?: number;
  /** The host as OAuth authorization server of /mcp (mcp-auth/attach.ts); without it /mcp takes API keys only. */
  mcpAuthorization?: McpAuthorizationSetup;
  /** The console session of a request: the consent page's signed-in user (none: it sends people to /sign-in). */
  sessions?: SessionReader;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The HTTP API, the MCP endpoint and the OAuth callback, on fastify. Not listening yet. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { runtime, users, connections, publicUrl } = options;
  const links = options.connectLinks ? new ConnectLinks(options.connectLinks, users, publicUrl) : undefined;
  const mcpAuth = options.mcpAuthorization ? new McpAuthorization(options.mcpAuthorization, publicUrl) : undefined;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // The onResponse hook below writes the one line per request instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyRequestLogger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    requestTimeout,
    http: {
      // Node looks for requests past their timeout only this often (30 s by default, so a slow body
      // was cut anywhere between 30 and 60 s): check often enough to keep the documented limit.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 10))),
      headersTimeout: requestTimeout,
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    // In-flight requests finish on close; idle keep-alive sockets are closed so close() does not hang.
    forceCloseConnections: "idle",
    // Newcomers while shutting down get 503 from the first onRequest hook below, in the envelope
    // (fastify's own 503 has a body of its own).
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    schemaController: { compilersFactory: lazySchemaCompilers },
    frameworkErrors,
    clientErrorHandler,
  });

  registerJsonParser(app);

  // While shutting down, every answer closes its connection, so a call that finishes late does not
  // leave a kept-alive socket holding the process open.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });

  // The hooks every request passes are callback-style where they never wait: an async hook costs two promises.
  app.decorateRequest("agx", null as never);
  app.addHook("onRequest", (request, reply, done) => {
    request.agx = {};
    void reply.header("x-request-id", request.id);
    if (!closing) return done();
    request.agx.outcome = "UNAVAILABLE";
    const body = failureBody(new CommandError("INTERNAL", "The server is shutting down; send the request again in a moment."));
    void reply.code(503).header("retry-after", "1").send(body);
  });
  app.addHook("onRequest", checkQuery);
  // One line per request: who, what, how it ended, how long it took.
  app.addHook("onResponse", (request, reply, done) => {
    if (options.logger.isLevelEnabled("info")) {
      const { userId, command, outcome } = request.agx ?? {};
      request.log.info(
        {
          req: request.raw,
          statusCode: reply.statusCode,
          ...(userId ? { userId } : {}),
          ...(command ? { command } : {}),
          outcome: outcome ?? (reply.statusCode < 400 ? "ok" : `HTTP_${reply.statusCode}`),
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
        },
        "request finished",
      );
    }
    done();
  });

  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) void reply.header("connection", "close");
    done(null, payload);
  });

  app.setErrorHandler(async (raised: FastifyError, request, reply) => {
    // NOT_CONNECTED answers carry a fresh connect link for the caller (details.connectUrl).
    const error = (await withConnectUrl(raised, request.agx?.userId, links)) as FastifyError;
    if (isCommandError(error)) {
      request.agx.outcome = error.code;
      if (error.code === "RATE_LIMITED" && error.retryAfterSeconds !== undefined)
        void reply.header("retry-after", String(Math.max(0, Math.ceil(error.retryAfterSeconds))));
      return reply.code(isDeadlineError(error) ? 504 : STATUS_BY_CODE[error.code]).send(failureBody(error));
    }
    // fastify's own 4xx (bad JSON, body too large, wrong content type) are the caller's to fix.
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.agx.outcome = "INVALID_INPUT";
      return reply.code(status).send(failureBody(new CommandError("INVALID_INPUT", clip(error.message, 200))));
    }
    request.agx.outcome = "INTERNAL";
    request.log.error({ err: error }, "request failed");
    return reply.code(500).send(failureBody(new CommandError("INTERNAL", "The server failed unexpectedly; its log has the details.")));
  });

  app.setNotFoundHandler((request, reply) => {
    request.agx.outcome = "NOT_FOUND";
    return reply.code(404).send(failureBody(new CommandError("NOT_FOUND", `No route ${request.method} ${clip(withoutQuery(request.url) ?? "")}.`)));
  });

  app.get("/healthz", async () => ({ status: "ok", version: options.version }));
  // The document's builders (every path of the API) are imported on the first request for it, not at start.
  app.get("/openapi.json", async () =>
    (await import("./openapi.js")).openApiDocument(runtime.registry.list(), { version: options.version, serverUrl: publicUrl() }),
  );
  await app.register(named(oauthCallbackRoute), { ...(connections ? { connections } : {}), ...(links ? { links } : {}), publicUrl });
  if (links) await app.register(named(connectPageRoutes), { links, ...(connections ? { connections } : {}), publicUrl });
  // Public: each webhook trigger's own verification is the check.
  if (options.events) await app.register(named(hookRoutes), { events: options.events, bodyLimit: options.webhookBodyLimit ?? DEFAULT_WEBHOOK_BODY_LIMIT });
  if (mcpAuth) {
    await app.register(named(mcpAuthorizationRoutes), { auth: mcpAuth });
    const sessions = options.sessions ?? (async () => undefined);
    await app.register(named(consentRoutes), { auth: mcpAuth, runtime, toolSets: users.toolSets, sessions, publicUrl });
  }

  // Everything under /v1 and /mcp runs as the user whose key came with the request.
  const throttle = new AuthFailureThrottle(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT);
  // Signing in is public (it is how a browser gets its session); failed sign-ins count against the same throttle.
  if (options.console?.pagesRoot) await app.register(named(consolePages), { root: options.console.pagesRoot });
  if (options.console) await app.register(named(sessionRoutes), { console: options.console, users, throttle, version: options.version, publicUrl });
  await app.register(
    named(async (api: FastifyInstance) => {
      const mcpTokens = mcpAuth && {
        userOfAccessToken: (token: string) => mcpAuth.userOfAccessToken(token),
        resourceMetadataUrl: () => resourceMetadataUrl(mcpAuth),
      };
      // A console session cookie stands in for the key (before the key hook, which then lets the request through).
      if (options.console) api.addHook("onRequest", sessionCookieHook(options.console.sessions, publicUrl));
      api.addHook("onRequest", bearerKeyHook(users, throttle, mcpTokens));
      // Imported only when AGX_RATE_LIMIT is set: a host without a limit never loads @fastify/rate-limit.
      if (options.rateLimitPerMinute) await (await import("./rate-limit.js")).perKeyRateLimit(api, options.rateLimitPerMinute);
      await api.register(named(extensionRoutes), { runtime, ...(connections ? { connections } : {}) });
      if (options.events) await api.register(named(subscriptionRoutes), { runtime, events: options.events });
      const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
      await api.register(named(commandRoutes), { runtime, commandTimeoutMs, toolSets: users.toolSets });
      await api.register(named(connectionRoutes), { ...(connections ? { connections } : {}), ...(links ? { links } : {}), publicUrl });
      if (links) await api.register(named(connectLinkApiRoute), { links });
      if (options.console) {
        await api.register(named(consoleConnectionRoutes), { ...(connections ? { connections } : {}), publicUrl });
        await api.register(named(activityRoutes), { ...(options.console.callLog ? { callLog: options.console.callLog } : {}) });
        await api.register(named(toolRoutes), { runtime, users, toolSets: users.toolSets });
        await api.register(named(adminRoutes), { users, console: options.console, publicUrl });
      }
      if (options.mcpAuthorization)
        await api.register(named(grantRoutes), {
          grants: new Grants(options.mcpAuthorization.records),
          isAdmin: async (id) => (await users.get(id))?.role === "admin",
        });
      await api.register(named(mcpRoutes), {
        runtime,
        version: options.version,
        userOf: callerOf,
        toolSets: users.toolSets,
        ...(options.events ? { events: options.events } : {}),
        commandTimeoutMs,
        ...(links ? { explainError: (error: unknown, userId: string) => withConnectUrl(error, userId, links) } : {}),
      });
    }, "authenticated routes"),
  );
  return app;
}
