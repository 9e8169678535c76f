/**
 * A "browser" for tests: a cookie jar kept by hand (per origin, honouring Path and Max-Age=0) and redirects
 * followed one by one, so a test sees every hop. Two instances are two browsers that share nothing.
 */
export interface Hop {
  url: string;
  status: number;
  location?: string;
  setCookies: string[];
  body: string;
}

interface Cookie {
  value: string;
  path: string;
  attributes: string;
}

export class TestBrowser {
  /** origin -> cookie name -> cookie */
  private readonly jar = new Map<string, Map<string, Cookie>>();

  /** The cookies this browser holds for an origin, with their Set-Cookie attributes. */
  cookies(origin: string): Map<string, Cookie> {
    return this.jar.get(origin) ?? new Map();
  }

  /** One request, no redirect followed; cookies sent and stored as a browser would. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Hop> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = [...this.cookies(target.origin)]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(target, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body, redirect: "manual" });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.store(target, line);
    const location = response.headers.get("location");
    return {
      url: target.href,
      status: response.status,
      setCookies,
      body: await response.text(),
      ...(location ? { location: new URL(location, target).href } : {}),
    };
  }

  /**
   * Follows redirects from `hop` (GET, as browsers do after 302/303), returning every hop after it; stops before
   * a location `stopBefore` matches (an address outside the test, say).
   */
  async follow(hop: Hop, stopBefore: (url: string) => boolean = () => false, limit = 10): Promise<Hop[]> {
    const hops: Hop[] = [];
    let current = hop;
    while (current.location && !stopBefore(current.location) && hops.length < limit) {
      current = await this.request(current.location);
      hops.push(current);
    }
    return hops;
  }

  private store(url: URL, line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? "/";
    const cookies = this.jar.get(url.origin) ?? new Map<string, Cookie>();
    this.jar.set(url.origin, cookies);
    if (attributes.some((a) => /^max-age=0$/i.test(a))) cookies.delete(name);
    else cookies.set(name, { value, path, attributes: attributes.join("; ") });
  }
}
