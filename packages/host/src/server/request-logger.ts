import type { FastifyBaseLogger, FastifyServerOptions } from "fastify";

type ChildLoggerFactory = NonNullable<FastifyServerOptions["childLoggerFactory"]>;
type Bindings = Parameters<ChildLoggerFactory>[1];
type ChildOptions = Parameters<ChildLoggerFactory>[2];
type Write = (...args: unknown[]) => void;
/** pino's; a logger without it gets fastify's usual child. */
type LevelAware = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

/**
 * A request's logger (request.log) that builds its pino child on the first line actually written: fastify's
 * own factory makes one per request, and at the usual levels the host never writes to it (one line per request,
 * at info, is its whole use).
 */
class LazyRequestLogger {
  private built: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware & { isLevelEnabled: (level: string) => boolean },
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  get level(): string {
    return (this.built ?? this.parent).level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.built ? (this.built as LevelAware).isLevelEnabled?.(level) !== false : this.parent.isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }

  fatal(...args: unknown[]): void {
    this.write("fatal", args);
  }
  error(...args: unknown[]): void {
    this.write("error", args);
  }
  warn(...args: unknown[]): void {
    this.write("warn", args);
  }
  info(...args: unknown[]): void {
    this.write("info", args);
  }
  debug(...args: unknown[]): void {
    this.write("debug", args);
  }
  trace(...args: unknown[]): void {
    this.write("trace", args);
  }
  silent(): void {}

  private write(level: "fatal" | "error" | "warn" | "info" | "debug" | "trace", args: unknown[]): void {
    if (!this.built && !this.parent.isLevelEnabled(level)) return;
    (this.real()[level] as Write)(...args);
  }

  private real(): FastifyBaseLogger {
    return (this.built ??= this.parent.child(this.bindings, this.options));
  }
}

/** Fastify's childLoggerFactory: lazy request loggers, unless the route sets a log level of its own. */
export const lazyRequestLogger: ChildLoggerFactory = function (logger, bindings, options) {
  const parent = logger as LevelAware;
  if (typeof parent.isLevelEnabled !== "function" || options.level !== undefined) return logger.child(bindings, options);
  return new LazyRequestLogger(parent as LevelAware & { isLevelEnabled: (level: string) => boolean }, bindings, options) as unknown as FastifyBaseLogger;
};
