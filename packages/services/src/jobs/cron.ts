/**
 * The cron subset both engines accept (pg-boss takes full cron; the in-process scheduler only this): `m h * * *`
 * (daily at h:m), `m * * * *` (hourly at :m), `*\/n * * * *` (every n minutes). UTC.
 */
export type CronRule = { kind: "daily"; minute: number; hour: number } | { kind: "hourly"; minute: number } | { kind: "every"; minutes: number };

const MINUTE = 60_000;

export function parseCron(cron: string): CronRule {
  const fields = cron.trim().split(/\s+/);
  const [m, h, ...rest] = fields;
  const bad = () => new Error(`cron "${cron}" is not one of "m h * * *", "m * * * *" or "*/n * * * *"`);
  if (fields.length !== 5 || rest.some((f) => f !== "*") || m === undefined || h === undefined) throw bad();
  const every = /^\*\/(\d{1,2})$/.exec(m);
  if (every && h === "*") {
    const minutes = Number(every[1]);
    if (minutes < 1 || minutes > 59) throw bad();
    return { kind: "every", minutes };
  }
  if (!/^\d{1,2}$/.test(m) || Number(m) > 59) throw bad();
  if (h === "*") return { kind: "hourly", minute: Number(m) };
  if (!/^\d{1,2}$/.test(h) || Number(h) > 23) throw bad();
  return { kind: "daily", minute: Number(m), hour: Number(h) };
}

/** The first time strictly after `after` that the rule fires. */
export function nextRun(rule: CronRule, after: Date): Date {
  const start = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE; // the next whole minute
  if (rule.kind === "every") return new Date(Math.ceil(start / (rule.minutes * MINUTE)) * rule.minutes * MINUTE);
  const next = new Date(start);
  next.setUTCMinutes(rule.minute);
  if (rule.kind === "hourly") {
    if (next.getTime() < start) next.setUTCHours(next.getUTCHours() + 1);
    return next;
  }
  next.setUTCHours(rule.hour);
  if (next.getTime() < start) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}
