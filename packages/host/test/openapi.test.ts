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
      // A body is required exactly when the input has required fields.
      expect(operation.requestBody.required, command.qualifiedName).toBe((command.inputSchema.required ?? []).length > 0);
      expect(operation).toMatchObject({
        "x-agx-title": command.title,
        "x-agx-mutates": command.mutates,
        "x-agx-destructive": command.destructive,
        "x-agx-idempotent": command.idempotent,
        "x-agx-open-world": command.openWorld,
      });
      const success = operation.responses["200"].content["application/json"].schema;
      if (command.outputSchema) expect(success.properties.data, command.qualifiedName).toEqual(command.outputSchema);
      else expect(success).toEqual({ $ref: "#/components/schemas/Success" });
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(["200", "400", "401", "403", "404", "409", "412", "413", "415", "429", "500", "502", "503", "504"]),
      );
      operationIds.add(operation.operationId);
    }
    expect(operationIds.size).toBe(commands.length);
    for (const pointer of refs(doc)) expect(resolvePointer(doc, pointer), pointer).toBeTypeOf("object");
    for (const path of [
      "/healthz",
      "/openapi.json",
      "/v1/extensions",
      "/v1/commands",
      "/v1/connections",
      "/v1/connections/{provider}/authorize",
      "/oauth/{provider}/callback",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(Object.keys(doc.paths["/mcp"])).toEqual(["post", "get", "delete"]);
    expect(doc.paths["/mcp"].get.responses["405"]).toBeDefined();
    expect(doc.paths["/v1/connections/{provider}/authorize"].get.responses["412"]).toBeDefined();
    expect(doc.paths["/oauth/{provider}/callback"].get.security).toEqual([]);
    // The probe declares hints and output schemas.
    const echo = doc.paths["/v1/commands/probe_echo"].post;
    expect(echo).toMatchObject({ "x-agx-title": "Echo a text", "x-agx-idempotent": true, "x-agx-mutates": false, requestBody: { required: true } });
    expect(echo.responses["200"].content["application/json"].schema.properties.data).toMatchObject({ required: ["text", "user"] });
    expect(doc.paths["/v1/commands/probe_delete_thing"].post).toMatchObject({ "x-agx-destructive": true, "x-agx-mutates": true });
    expect(doc.paths["/v1/commands/probe_crash"].post.requestBody.required).toBe(false);
  });

  it("uses valid 3.1 keywords: no format: base64 anywhere", async () => {
    const { openApiDocument } = await import("../src/server/openapi.js");
    const { readExtension, Extension, Command, z } = await import("@agx-ext/core");
    const { Registry, ExtensionHandle, manifestOf } = await import("@agx-ext/core/host");
    class Files {
      async upload() {
        return { data: null };
      }
    }
    Command({ name: "Upload", description: "x", input: z.object({ content: z.base64() }), output: z.object({ echoed: z.base64url() }) })(
      Files.prototype,
      "upload",
      Object.getOwnPropertyDescriptor(Files.prototype, "upload")!,
    );
    Extension({ id: "files", name: "Files", description: "x" })(Files);
    const definition = readExtension(Files)!;
    const pkg = { name: "@agx-ext/files", version: "1.0.0", dir: "/nowhere", agx: { extension: "./index.js" } };
    const handle = ExtensionHandle.fromLoaded({ definition, package: pkg }, manifestOf(definition));
    const doc = openApiDocument(new Registry([handle]).list(), { version: "1" });
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"format":"base64/);
    expect(text).toContain('"contentEncoding":"base64"');
    expect(text).toContain('"contentEncoding":"base64url"');
    const validation = await new Validator().validate(doc as never);
    expect(validation.errors ?? []).toEqual([]);
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
