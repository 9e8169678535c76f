/** What the host records about a request for its log line; filled in as the request is handled. */
export interface AgxRequestState {
  userId?: string;
  command?: string;
  /** "ok" or the failure's code. */
  outcome?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    agx: AgxRequestState;
  }
}
