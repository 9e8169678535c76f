// The baseline server: fastify alone, one route doing the work of the trivial bench command.
// Prints its URL once listening, like `agx serve` prints its banner.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { ROOT } from "./lib.mjs";

const require = createRequire(resolve(ROOT, "packages/host/package.json"));
const { default: Fastify } = await import(require.resolve("fastify"));

const app = Fastify({ logger: false });
app.post("/v1/commands/:name", async (request) => {
  const input = request.body;
  return { ok: true, data: { echoed: String(input.text).length } };
});
await app.listen({ port: 0, host: "127.0.0.1" });
console.log(`listening on http://127.0.0.1:${app.server.address().port}`);
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
