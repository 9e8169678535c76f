/** The port `agx serve` listens on without --port or AGX_PORT. */
export const DEFAULT_PORT = 3000;

/**
 * Where people reach `agx serve`, for links printed outside it (`agx users login-link`): AGX_PUBLIC_URL, else the
 * address it listens on by default. Kept apart from serve.ts so printing a link loads no server code.
 */
export function publicUrlFrom(env: NodeJS.ProcessEnv): string {
  return env.AGX_PUBLIC_URL || `http://127.0.0.1:${env.AGX_PORT || DEFAULT_PORT}`;
}
