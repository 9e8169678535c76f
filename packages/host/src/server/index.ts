export { buildServer, DEFAULT_BODY_LIMIT, type ServerOptions } from "./app.js";
export { startServer, type ListenOptions, type RunningServer } from "./serve.js";
export { openApiDocument, type OpenApiOptions } from "./openapi.js";
export { STATUS_BY_CODE, type FailureBody } from "./status.js";
export type { ConnectionsService, ConnectionInfo, CallbackValues } from "./connections.js";
export { createServerLogger, coreLogger, REDACTED_PATHS } from "./logging.js";
export { HOST_VERSION } from "./version.js";
export { authConnections } from "./auth-connections.js";
