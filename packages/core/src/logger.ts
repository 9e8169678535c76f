export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  /** Whether a line at `level` would be written; lets a caller skip building what would be dropped. Absent: assume yes. */
  enabled?(level: LogLevel): boolean;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  level?: LogLevel | "silent";
  write?: (line: string) => void;
  /** Called on every rendered line so secrets known at call time are scrubbed. */
  scrub?: (text: string) => string;
  fields?: LogFields;
}

/** A small JSON-lines logger on stderr; hosts may inject another implementation of Logger. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = options.level === "silent" ? Infinity : LEVELS[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const scrub = options.scrub ?? ((text: string) => text);
  const base = options.fields ?? {};
  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LEVELS[level] < threshold) return;
    const entry = { level, time: new Date().toISOString(), msg: message, ...base, ...fields };
    write(scrub(JSON.stringify(entry, errorReplacer)));
  };
  const logger: Logger = {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    // A silent logger's children are silent too: the same object, nothing to build per call.
    child: (fields) => (threshold === Infinity ? logger : createJsonLogger({ ...options, fields: { ...base, ...fields } })),
    enabled: (level) => LEVELS[level] >= threshold,
  };
  return logger;
}

/**
 * `parent.child(fields())`, built on the first line that `parent` would write: a call whose lines are all
 * below the level (or that logs nothing) never builds its child logger nor its fields.
 */
export function lazyChild(parent: Logger, fields: () => LogFields): Logger {
  // A logger that writes nothing at any level has nothing to build.
  if (parent.enabled?.("error") === false) return parent;
  let child: Logger | undefined;
  const get = () => (child ??= parent.child(fields()));
  const at =
    (level: LogLevel) =>
    (message: string, extra?: LogFields): void => {
      if (child === undefined && parent.enabled?.(level) === false) return;
      get()[level](message, extra);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => lazyChild(get(), () => more),
    enabled: (level) => (child ?? parent).enabled?.(level) ?? true,
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export const silentLogger: Logger = createJsonLogger({ level: "silent" });
