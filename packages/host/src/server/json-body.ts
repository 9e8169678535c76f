import { CommandError } from "@agx-ext/core";
import type { FastifyInstance } from "fastify";

const POISONED = 'The body has a "__proto__" or "constructor.prototype" key, which is refused (it could change the server\'s objects); rename or remove it.';

/**
 * The JSON body parser: an empty body means "no input", as for commands that take none; a body that is
 * valid JSON but carries a prototype-pollution key gets its own clear message rather than "not valid JSON".
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    parseJson(request, text, (error, parsed) => {
      if (error && isPlainJson(text)) return done(new CommandError("INVALID_INPUT", POISONED, { details: { fields: ["(input)"] } }), undefined);
      done(error, parsed);
    });
  });
}

/** True when the text is JSON as such: the safe parser refused it for its keys, not its syntax. */
function isPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
