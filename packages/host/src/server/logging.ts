import { type Logger as CoreLogger, type LogFields } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import { pino, stdSerializers, type DestinationStream, type Logger as PinoLogger } from "pino";

/** Field paths pino blanks out wherever they appear in a log line. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "authorization",
  "*.authorization",
  "key",
  "*.key",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "password",
  "*.password",
  "secret",
  "*.secret",
  "clientSecret",
  "*.clientSecret",
];

export interface ServerLoggerOptions {
  level?: string;
  /** Where the JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

/** The server's pino logger: JSON lines, secrets redacted, URLs without their query (OAuth codes live there). */
export function createServerLogger(options: ServerLoggerOptions = {}): PinoLogger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "agx" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: withoutQuery(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: stdSerializers.err,
      },
    },
    options.destination,
  );
}

/** Longest URL path a log line or message carries: the path is the caller's, and may be huge. */
const MAX_LOGGED_PATH = 300;

export function withoutQuery(url: string | undefined): string | undefined {
  return url === undefined ? undefined : clip(url.split("?")[0]!, MAX_LOGGED_PATH);
}

/** Core's Logger interface over pino, so the runtime's own lines land in the same stream. */
export function coreLogger(logger: PinoLogger): CoreLogger {
  const at = (level: "debug" | "info" | "warn" | "error") => (message: string, fields?: LogFields) => logger[level](fields ?? {}, message);
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => coreLogger(logger.child(fields)),
    // Lets the runtime skip building a call's child logger when its lines would be dropped.
    enabled: (level) => logger.isLevelEnabled(level),
  };
}
