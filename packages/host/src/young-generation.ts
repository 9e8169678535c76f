import { setFlagsFromString } from "node:v8";

/** V8's own growth factor of the young generation (the same on Node 20, 22 and 24). */
const V8_DEFAULT_GROWTH = 2;
const FLAG = "--semi-space-growth-factor";

/**
 * V8 grows the young generation while most of what it allocates survives, and an idle process keeps the pages.
 * Start-up allocates almost only what lives as long as the process (modules, schemas, ORM metadata), so growing
 * it then buys nothing: an idle `agx serve` kept about 20 MB of empty young generation. `agx` holds it at its
 * smallest while it starts, and gives V8 its default back once a server is listening: under load, a large young
 * generation keeps short-lived request garbage out of the old one (held small for good, it cost about 10% of
 * HTTP requests per second). A growth factor given on node's command line is left alone (NODE_OPTIONS cannot hold one).
 */
export function holdYoungGeneration(): void {
  if (!userSetsGrowth()) setFlagsFromString(`${FLAG}=1`);
}

/** A server is up: from now on the young generation grows as V8 decides. */
export function releaseYoungGeneration(): void {
  if (!userSetsGrowth()) setFlagsFromString(`${FLAG}=${V8_DEFAULT_GROWTH}`);
}

function userSetsGrowth(): boolean {
  return process.execArgv.some((option) => option.startsWith(FLAG));
}
