import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = await makeHostDir();
  server = await startTestServer({ dir });
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

/** Every `$ref` in the document, with the JSON pointer it names. */
function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

function resolvePointer(doc: Record<string, unknown>, pointer: string): unknown {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

describe("/openapi.json", () => {
  it("is an OpenAPI 3.1 document with a path for every command, object schemas and resolvable refs", async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = JSON.parse(await res.text()) as Record<string, any>;
    expect(doc.openapi).toBe("3.1.0");
    // Valid against the official OpenAPI 3.1 JSON Schema, with every $ref resolvable.
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.servers[0].url).toBe(server.url);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });

    const commands = (await call(`${server.url}/v1/commands`, { key: await server.users.add("reader") })).body.commands as any[];
    expect(commands.length).toBeGreaterThan(0);
    const operationIds = new Set<string>();
    for (const command of commands) {
      const operation = doc.paths[`/v1/commands/${command.toolName}`]?.post;
      expect(operation, command.qualifiedName).toBeDefined();
      expect(operation.summary).toBe(command.qualifiedName);
      const schema = operation.requestBody.content["application/json"].schema;
      expect(schema).toMatchObject({ type: "object" });
      expect(schema).toEqual(command.inputSchema);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "404", "409", "412", "429", "500", "502"]));
      operationIds.add(operation.operationId);
    }
    expect(operationIds.size).toBe(commands.length);
    for (const pointer of refs(doc)) expect(resolvePointer(doc, pointer), pointer).toBeTypeOf("object");
    for (const path of ["/healthz", "/v1/extensions", "/v1/commands", "/v1/connections", "/v1/connections/{provider}/authorize"])
      expect(doc.paths[path], path).toBeDefined();
  });

  it("documents paths the server really answers: a command called through its documented path runs", async () => {
    const doc = (await call(`${server.url}/openapi.json`)).body;
    const key = await server.users.add("caller");
    const path = Object.keys(doc.paths).find((p) => doc.paths[p].post?.summary === "probe/Echo")!;
    const res = await call(`${server.url}${path}`, { key, body: { text: "documented" } });
    expect(res.status).toBe(200);
    expect(res.body.data.text).toBe("documented");
  });
});
