export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
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
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    child: (fields) => createJsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export const silentLogger: Logger = createJsonLogger({ level: "silent" });
