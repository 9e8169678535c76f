/**
 * The part of Gmail's search language the fake understands: terms ANDed by spaces, `OR` between alternatives,
 * `( ... )` groups, `-` negation, "quoted phrases", `from:`, `to:`, `subject:`, `has:attachment`, `is:unread|read|starred`,
 * `in:`/`label:`, `after:`/`before:` (Unix seconds or yyyy/mm/dd, on internalDate). Other words (and unknown
 * operators, as Gmail does) match the message's text. Unbalanced parentheses or quotes and a date Gmail cannot read
 * are refused, as Gmail answers a query it cannot parse: 400 "Invalid query".
 */
export interface Searchable {
  from: string;
  to: string;
  subject: string;
  text: string;
  labelIds: string[];
  hasAttachment: boolean;
  /** Milliseconds since the epoch. */
  internalDate: number;
}

type Node = { or: Node[] } | { and: Node[] } | { not: Node } | { term: string };
export type Matcher = (message: Searchable) => boolean;

function tokenize(q: string): string[] | undefined {
  const tokens: string[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") {
      tokens.push(c);
      i++;
    } else {
      let token = "";
      while (i < q.length && !/[\s()]/.test(q[i]!)) {
        if (q[i] === '"') {
          const close = q.indexOf('"', i + 1);
          if (close < 0) return undefined;
          token += q.slice(i, close + 1);
          i = close + 1;
        } else token += q[i++];
      }
      tokens.push(token);
    }
  }
  return tokens;
}

function dateSeconds(value: string): number | undefined {
  if (/^\d{1,12}$/.test(value)) return Number(value);
  const ymd = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  if (!ymd) return undefined;
  const ms = Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3]));
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

function matchTerm(raw: string, m: Searchable): boolean {
  const unquote = (v: string) => v.replace(/"/g, "").toLowerCase();
  const colon = raw.indexOf(":");
  const key = colon > 0 && !raw.startsWith('"') ? raw.slice(0, colon).toLowerCase() : undefined;
  const value = unquote(key ? raw.slice(colon + 1) : raw);
  switch (key) {
    case "from":
      return m.from.toLowerCase().includes(value);
    case "to":
      return m.to.toLowerCase().includes(value);
    case "subject":
      return m.subject.toLowerCase().includes(value);
    case "has":
      return value === "attachment" ? m.hasAttachment : false;
    case "is":
      return value === "unread" ? m.labelIds.includes("UNREAD") : value === "read" ? !m.labelIds.includes("UNREAD") : m.labelIds.includes(value.toUpperCase());
    case "in":
    case "label":
      return m.labelIds.some((l) => l.toLowerCase() === value);
    case "after":
      return m.internalDate > dateSeconds(value)! * 1000;
    case "before":
      return m.internalDate < dateSeconds(value)! * 1000;
    default:
      return `${m.from} ${m.subject} ${m.text}`.toLowerCase().includes(unquote(raw));
  }
}

/** Parses a query; undefined when Gmail would refuse it. */
export function parseGmailQuery(q: string): Matcher | undefined {
  const tokens = tokenize(q);
  if (!tokens) return undefined;
  let at = 0;
  let bad = false;
  const or = (): Node => {
    const alternatives = [and()];
    while (tokens[at] === "OR") {
      at++;
      alternatives.push(and());
    }
    return { or: alternatives };
  };
  const and = (): Node => {
    const all: Node[] = [];
    while (at < tokens.length && tokens[at] !== ")" && tokens[at] !== "OR") all.push(unary());
    if (all.length === 0) bad = true;
    return { and: all };
  };
  const unary = (): Node => {
    const token = tokens[at++]!;
    if (token === "(") {
      const inner = or();
      if (tokens[at++] !== ")") bad = true;
      return inner;
    }
    if (token.startsWith("-") && token.length > 1) return { not: { term: token.slice(1) } };
    const key = token.slice(0, token.indexOf(":")).toLowerCase();
    if ((key === "after" || key === "before") && dateSeconds(token.slice(key.length + 1)) === undefined) bad = true;
    return { term: token };
  };
  const tree = or();
  if (bad || at < tokens.length) return undefined;
  const evaluate = (node: Node, m: Searchable): boolean =>
    "or" in node
      ? node.or.some((n) => evaluate(n, m))
      : "and" in node
        ? node.and.every((n) => evaluate(n, m))
        : "not" in node
          ? !evaluate(node.not, m)
          : matchTerm(node.term, m);
  return (m) => evaluate(tree, m);
}
