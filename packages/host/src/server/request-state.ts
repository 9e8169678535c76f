/** What the host records about a request for its log line; filled in as the request is handled. */
interface AgxRequestState {
  userId?: string;
  /** UserStore.cacheMark() from before the key check, for the request's tool-set lookup. */
  cacheMark?: number;
  command?: string;
  /** "ok" or the failure's code. */
  outcome?: string;
  /** Set when the caller came with a console session cookie rather than an API key. */
  session?: { role: "admin" | "member"; csrfToken: string };
}

declare module "fastify" {
  interface FastifyRequest {
    agx: AgxRequestState;
  }
}
