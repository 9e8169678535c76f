/**
 * Where to go after signing in: only a same-origin path (one leading "/", not "//" or "/\", which
 * browsers read as another host). Anything else goes to the overview, so a crafted sign-in link
 * cannot send a person elsewhere.
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next === "/sign-in" || next.startsWith("/sign-in?") || next.startsWith("/sign-in#")) return "/";
  return next;
}
