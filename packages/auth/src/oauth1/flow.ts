import { CommandError, isCommandError } from "@agx-ext/core";
import { providerMessage } from "../errors.js";
import { readTextCapped } from "../http/capped-body.js";
import { signRequest, type OAuth1Credentials } from "./signer.js";

/** POSTs a signed OAuth 1.0a token request and returns the form-encoded answer (RFC 5849 2.1 / 2.3). */
export async function oauth1TokenRequest(
  provider: string,
  url: string,
  credentials: OAuth1Credentials,
  oauthParams: Record<string, string>,
  limits: { timeoutMs: number; maxBodyBytes: number },
): Promise<URLSearchParams> {
  const { authorization } = signRequest({ method: "POST", url, credentials, oauthParams });
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method: "POST", headers: { authorization }, signal: AbortSignal.timeout(limits.timeoutMs) });
    text = await readTextCapped(response, limits.maxBodyBytes, provider);
  } catch (error) {
    if (isCommandError(error)) throw error;
    const { host } = new URL(url);
    throw new CommandError("PROVIDER_ERROR", `Could not reach ${provider} at ${host}, or it stopped answering; try again later.`, {
      details: { provider, host },
    });
  }
  if (!response.ok) {
    const code = response.status === 401 ? "UNAUTHORIZED" : "PROVIDER_ERROR";
    throw new CommandError(code, `${provider} refused the OAuth 1.0a token request (${response.status}: ${providerMessage(text) ?? "no message"}).`, {
      details: { provider, status: response.status },
    });
  }
  const answer = new URLSearchParams(text);
  if (!answer.get("oauth_token") || !answer.has("oauth_token_secret"))
    throw new CommandError("PROVIDER_ERROR", `${provider} answered the OAuth 1.0a token request without oauth_token and oauth_token_secret.`, {
      details: { provider },
    });
  return answer;
}
