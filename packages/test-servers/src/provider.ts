/**
 * A fake provider: a real node:http server on 127.0.0.1 with routes written the way the provider
 * publishes its API, bearer-token checking, and faults (429 + Retry-After, 5xx, slow or hung
 * responses, expired tokens) injected one request at a time.
 *
 * ```ts
 * const provider = await startFakeProvider({
 *   bearer: (token) => token === "good",
 *   routes: { "GET /v1/users/:id": (req) => ({ json: { id: req.params.id } }) },
 * });
 * provider.fault({ status: 429, retryAfter: 1 });           // next request only
 * await http.get(`${provider.url}/v1/users/42`).json();
 * expect(provider.requests).toHaveLength(2);
 * await provider.close();
 * ```
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { corruptReply, hostileMatches, type HostileMode } from "./hostile.js";
import { listenLocally, readBody } from "./local-server.js";

export { HOSTILE_PAGE_TOKEN, requestSecret, type HostileMode } from "./hostile.js";

export interface FakeRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Values of `:name` segments of the matched route. */
  params: Record<string, string>;
  /** JSON bodies parsed, form bodies as an object of strings, anything else as text; undefined when empty. */
  body: unknown;
  rawBody: string;
  /** The bearer token of the Authorization header, if any. */
  token?: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as text/plain unless headers say otherwise. */
  text?: string;
}

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

/** Routes keyed `"METHOD /path/:param"`; `*` as method matches any. */
export type FakeRoutes = Record<string, FakeHandler>;

export interface Fault {
  /** Only requests whose path matches (string: exact path, RegExp: test) are affected; default all. */
  path?: string | RegExp;
  /** How many matching requests the fault affects; default 1. Use Infinity for "from now on". */
  times?: number;
  /** Answer this status instead of calling the route (e.g. 429, 500, 503). */
  status?: number;
  /** Retry-After header: seconds as a number, or a string (an HTTP date). */
  retryAfter?: number | string;
  /** Body for `status`; defaults to a JSON error object naming the status. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (the route or the fault status). */
  delayMs?: number;
  /** Never answer; the socket stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** Answer 401 as if the bearer token had expired (WWW-Authenticate: Bearer error="invalid_token"). */
  expiredToken?: boolean;
}

export interface FakeProviderOptions {
  routes: FakeRoutes;
  /**
   * Bearer check for every request: a function, or the set of accepted tokens. Requests without a valid
   * token get 401 with `WWW-Authenticate: Bearer error="invalid_token"` and never reach the route.
   */
  bearer?: ((token: string, request: FakeRequest) => boolean) | Iterable<string>;
  /** Paths (exact) that skip the bearer check, e.g. a public status endpoint. */
  publicPaths?: string[];
  /** Body of the 401 the bearer check answers; default `{ error: "invalid_token", ... }`. */
  unauthorizedBody?: unknown;
}

export interface FakeProvider {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string;
  /** Every request received, in order (including the ones a fault or the bearer check answered). */
  readonly requests: FakeRequest[];
  /** Queue a fault for the next matching request(s). Faults are used in the order they were added. */
  fault(fault: Fault): void;
  clearFaults(): void;
  /**
   * From now on, misbehave on every matching request the way real providers sometimes do (repeated page
   * tokens, malformed items, echoed secrets, slow or huge answers, dropped connections); `hostile()` with
   * no argument ends it. Faults still come first.
   */
  hostile(mode?: HostileMode): void;
  /** Replace or add a route while running. */
  route(key: string, handler: FakeHandler): void;
  /** Requests to one path (and method, when given). */
  requestsTo(path: string, method?: string): FakeRequest[];
  close(): Promise<void>;
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: FakeHandler;
}

function compileRoute(key: string, handler: FakeHandler): CompiledRoute {
  const [method, path] = key.trim().split(/\s+/, 2);
  if (!method || !path) throw new Error(`route "${key}" must look like "GET /path/:param"`);
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === "") return undefined;
  if (contentType?.includes("application/json")) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

function send(res: ServerResponse, reply: FakeReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = "";
  if (reply.json !== undefined) {
    headers["content-type"] ??= "application/json";
    payload = JSON.stringify(reply.json);
  } else if (reply.text !== undefined) {
    headers["content-type"] ??= "text/plain; charset=utf-8";
    payload = reply.text;
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(payload);
}

function tokenCheck(bearer: FakeProviderOptions["bearer"]): ((token: string, request: FakeRequest) => boolean) | undefined {
  if (bearer === undefined || typeof bearer === "function") return bearer;
  const tokens = new Set(bearer);
  return (token) => tokens.has(token);
}

function faultMatches(fault: Fault, path: string): boolean {
  if (fault.path === undefined) return true;
  return typeof fault.path === "string" ? fault.path === path : fault.path.test(path);
}

function faultReply(fault: Fault): FakeReply {
  if (fault.expiredToken)
    return {
      status: 401,
      headers: { "www-authenticate": 'Bearer error="invalid_token", error_description="The access token expired"', ...fault.headers },
      json: fault.json ?? { error: "invalid_token", error_description: "The access token expired" },
    };
  const status = fault.status ?? 500;
  const headers = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
  return { status, headers, json: fault.json ?? { error: status === 429 ? "rate_limited" : "server_error", status } };
}

/** Starts a fake provider on 127.0.0.1 with an ephemeral port. */
export async function startFakeProvider(options: FakeProviderOptions): Promise<FakeProvider> {
  const routes = Object.entries(options.routes).map(([key, handler]) => compileRoute(key, handler));
  const faults: Array<Fault & { remaining: number }> = [];
  const requests: FakeRequest[] = [];
  const accepts = tokenCheck(options.bearer);
  let hostile: HostileMode | undefined;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const rawBody = await readBody(req);
      const authorization = req.headers.authorization;
      const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
      const request: FakeRequest = {
        method: (req.method ?? "GET").toUpperCase(),
        path: url.pathname,
        url,
        query: url.searchParams,
        headers: req.headers,
        params: {},
        body: parseBody(rawBody, req.headers["content-type"]),
        rawBody,
        ...(token ? { token } : {}),
      };
      requests.push(request);

      const fault = faults.find((f) => faultMatches(f, request.path));
      if (fault) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
        if (fault.hang) return; // leave the socket open: the client's timeout must fire
        if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (fault.status !== undefined || fault.expiredToken) return send(res, faultReply(fault));
      }

      const misbehave = hostile && hostileMatches(hostile, request.path) ? hostile : undefined;
      if (misbehave?.dropConnection) return void req.socket.destroy();
      if (misbehave?.delayMs) await new Promise((resolve) => setTimeout(resolve, misbehave.delayMs));
      const answer = (reply: FakeReply) => send(res, misbehave ? corruptReply(misbehave, request, reply) : reply);

      if (accepts && !options.publicPaths?.includes(request.path) && !(token && accepts(token, request)))
        return send(res, {
          status: 401,
          headers: { "www-authenticate": token ? 'Bearer error="invalid_token"' : "Bearer" },
          json: options.unauthorizedBody ?? { error: "invalid_token", error_description: "Missing or invalid access token" },
        });

      for (const route of routes) {
        if (route.method !== "*" && route.method !== request.method) continue;
        const match = route.pattern.exec(request.path);
        if (!match) continue;
        route.names.forEach((name, i) => (request.params[name] = decodeURIComponent(match[i + 1] ?? "")));
        return answer(await route.handler(request));
      }
      answer({ status: 404, json: { error: "not_found", message: `No route for ${request.method} ${request.path}` } });
    } catch (error) {
      if (!res.headersSent) send(res, { status: 500, json: { error: "fake_provider_crashed", message: (error as Error).message } });
    }
  });
  const { url, close } = await listenLocally(server);

  return {
    url,
    requests,
    fault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    hostile(mode) {
      hostile = mode;
    },
    route(key, handler) {
      const compiled = compileRoute(key, handler);
      const existing = routes.findIndex((r) => r.method === compiled.method && r.pattern.source === compiled.pattern.source);
      if (existing >= 0) routes[existing] = compiled;
      else routes.unshift(compiled);
    },
    requestsTo(path, method) {
      return requests.filter((r) => r.path === path && (method === undefined || r.method === method.toUpperCase()));
    },
    close,
  };
}
