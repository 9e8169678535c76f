import { CommandError } from "@agx-ext/core";
import { providerMessage } from "../errors.js";
import { signRequest, type OAuth1Credentials } from "./signer.js";

/** POSTs a signed OAuth 1.0a token request and returns the form-encoded answer (RFC 5849 2.1 / 2.3). */
export async function oauth1TokenRequest(
  provider: string,
  url: string,
  credentials: OAuth1Credentials,
  oauthParams: Record<string, string>,
  timeoutMs: number,
): Promise<URLSearchParams> {
  const { authorization } = signRequest({ method: "POST", url, credentials, oauthParams });
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { authorization }, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    const { host } = new URL(url);
    throw new CommandError("PROVIDER_ERROR", `Could not reach ${provider} at ${host}; try again later.`, { details: { provider, host } });
  }
  const text = await response.text();
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
