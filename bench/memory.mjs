// Memory under load: resident memory of `agx serve` (the trivial command's host) while 60 s of HTTP load run
// against it, and 10 s after the load stops, each against bare fastify given the same load in the same run.
// A peak far above idle, or memory that stays up after the load, is what this is here to show.
import { BARE, echoHost, load, rssMb, serveEnv, sleep, startProcess } from "./server.mjs";
import { CLI, figure } from "./lib.mjs";

const LOAD_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS) || 60;
const SETTLE_MS = 10_000;

/** Idle, peak (sampled every 500 ms) and after-load resident memory of one server under the load. */
async function profile(server) {
  await sleep(2000);
  const idle = await rssMb(server.child.pid);
  let peak = idle;
  let loading = true;
  const sampling = (async () => {
    while (loading) {
      peak = Math.max(peak, await rssMb(server.child.pid));
      await sleep(500);
    }
  })();
  try {
    await load(server.url, server.key, undefined, LOAD_SECONDS);
  } finally {
    loading = false;
    await sampling;
  }
  await sleep(SETTLE_MS);
  return { idle, peak, after: await rssMb(server.child.pid) };
}

export async function benchMemory() {
  const host = await echoHost();
  const { env, remove } = await serveEnv(host.dir);
  let agx;
  let bare;
  try {
    const agxServer = await startProcess([CLI, "serve", "--port", "0"], env);
    try {
      agx = await profile(agxServer);
    } finally {
      await agxServer.stop();
    }
    const bareServer = await startProcess(BARE, {});
    try {
      bare = await profile(bareServer);
    } finally {
      await bareServer.stop();
    }
  } finally {
    await remove();
    await host.remove();
  }
  return [
    figure(`agx serve resident memory, peak during ${LOAD_SECONDS} s of HTTP load (vs bare fastify)`, agx.peak, bare.peak, "MB"),
    figure(`agx serve resident memory, ${SETTLE_MS / 1000} s after the load (vs bare fastify)`, agx.after, bare.after, "MB"),
    // Growth against its own idle figure: memory the load left behind.
    figure(`agx serve resident memory, ${SETTLE_MS / 1000} s after the load (vs its own idle)`, agx.after, agx.idle, "MB"),
  ];
}
