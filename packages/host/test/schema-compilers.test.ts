import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { lazySchemaCompilers } from "../src/server/schema-compilers.js";

describe("fastify's schema compilers, loaded on first use", () => {
  const app = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers } });
  app.post(
    "/echo",
    {
      schema: {
        body: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
        response: { 200: { type: "object", properties: { name: { type: "string" } } } },
      },
    },
    async (request) => ({ ...(request.body as object), extra: "left out by the response schema" }),
  );
  afterAll(() => app.close());

  it("still validate a route's request against its schema", async () => {
    const refused = await app.inject({ method: "POST", url: "/echo", payload: { other: 1 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ message: "body must have required property 'name'" });
  });

  it("still serialize a route's response by its schema", async () => {
    const answered = await app.inject({ method: "POST", url: "/echo", payload: { name: "ada" } });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toEqual({ name: "ada" });
  });
});
