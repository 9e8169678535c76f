/**
 * got, imported when the first provider request is about to be built rather than at start: its ES modules and
 * their dependencies (about sixty files) took about a tenth of an `agx serve` start, and a host may serve for a
 * long time before any command talks to a provider. got 14 is an ES module only, so Node 20 cannot require() it
 * on demand; whoever builds a client awaits `loadGot()` first.
 */
type GotLibrary = typeof import("got");

let library: GotLibrary | undefined;
let loading: Promise<GotLibrary> | undefined;

/** got, imported once for the whole process. */
export function loadGot(): Promise<GotLibrary> {
  return (loading ??= import("got").then((loaded) => (library = loaded)));
}

/** got when `loadGot()` has settled, else undefined (then no got request, and no got error, exists yet). */
export function loadedGot(): GotLibrary | undefined {
  return library;
}
