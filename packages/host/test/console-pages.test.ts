import { readdirSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { consoleRoot } from "@agx-ext/console";
import { describe, expect, it } from "vitest";
import { attachConsole } from "../src/server/console/attach.js";
import { PAGE_PATHS } from "../src/server/console/pages.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

/** A GET with exactly the given headers. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    get(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => done({ status: res.statusCode!, body }));
    }).on("error", fail);
  });
}

async function withServer(env: Record<string, string>, test: (server: TestServer) => Promise<void>): Promise<void> {
  const dir = await makeHostDir();
  const server = await startTestServer({ dir, env: { AGX_SECRET_KEY: "9".repeat(64), ...env }, attach: (host) => ({ console: attachConsole(host) }) });
  try {
    await test(server);
  } finally {
    await server.close();
    await removeDir(dir);
  }
}

describe("the console's pages", () => {
  it("answers index.html with a strict CSP at every page path, and assets cached for good", async () => {
    await withServer({}, async (server) => {
      for (const path of [...PAGE_PATHS.filter((p) => !p.endsWith("*")), "/commands/probe%2FEcho", "/sign-in?next=/admin"]) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get("content-type")).toContain("text/html");
        expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
        expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(res.headers.get("x-frame-options")).toBe("DENY");
        expect(await res.text()).toContain('<div id="app">');
      }
      const asset = readdirSync(join(consoleRoot, "assets")).find((name) => name.endsWith(".js"))!;
      const res = await fetch(`${server.url}/assets/${asset}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("javascript");
      expect(res.headers.get("cache-control")).toContain("immutable");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const body = await res.text();
      expect(body.length).toBeGreaterThan(0);
      // A browser that has the file asks again with its validator, and gets "not modified" without a body. (Not
      // through fetch, which adds "cache-control: no-cache" to a request carrying a validator.)
      const again = await rawGet(`${server.url}/assets/${asset}`, { "if-none-match": res.headers.get("etag")! });
      expect(again.status).toBe(304);
      expect(again.body).toBe("");
      const head = await fetch(`${server.url}/assets/${asset}`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
      const part = await fetch(`${server.url}/assets/${asset}`, { headers: { range: "bytes=0-9" } });
      expect(part.status).toBe(206);
      expect(await part.text()).toBe(body.slice(0, 10));
      // Neither a listing of the folder nor a file outside it, however the path is spelled.
      expect((await call(`${server.url}/assets/`)).status).toBe(404);
      expect((await call(`${server.url}/assets/%2e%2e/index.html`)).status).toBe(404);
      expect((await call(`${server.url}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
      const missing = await call(`${server.url}/assets/nothing-here.js`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("NOT_FOUND");
      // Not a page: the API's 404 as before.
      expect((await call(`${server.url}/elsewhere`)).status).toBe(404);
      expect((await call(`${server.url}/assets/../package.json`)).status).toBe(404);
    });
  }, 60_000);

  it("OpenAPI lists the console's routes with their statuses", async () => {
    await withServer({}, async (server) => {
      const doc = (await call(`${server.url}/openapi.json`)).body;
      expect(doc.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: "agx_session" });
      expect(Object.keys(doc.paths["/v1/session"])).toEqual(["post", "get", "delete"]);
      expect(Object.keys(doc.paths["/v1/connections/{provider}/begin"].post.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404"]));
      expect(doc.paths["/v1/admin/users/{id}/role"].put.responses["409"]).toBeDefined();
      for (const route of [
        "/v1/activity",
        "/v1/tools",
        "/v1/admin/users",
        "/v1/admin/settings",
        "/v1/admin/users/{id}/login-link",
        "/v1/connections/{provider}/credentials",
      ])
        expect(doc.paths[route], route).toBeDefined();
    });
  }, 60_000);

  it("AGX_CONSOLE=off serves no pages and no assets", async () => {
    await withServer({ AGX_CONSOLE: "off" }, async (server) => {
      const page = await call(`${server.url}/`);
      expect(page.status).toBe(404);
      expect(page.body.error.code).toBe("NOT_FOUND");
      const asset = readdirSync(join(consoleRoot, "assets"))[0]!;
      expect((await call(`${server.url}/assets/${asset}`)).status).toBe(404);
      expect((await call(`${server.url}/sign-in`)).status).toBe(404);
    });
  }, 60_000);
});
