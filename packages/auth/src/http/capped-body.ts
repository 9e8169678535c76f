import { bodyTooLarge } from "./transport-errors.js";

/**
 * A fetch Response's body as text, reading at most `maxBytes` (also refused up front when Content-Length announces
 * more): the connect flow's own requests (OAuth 1.0a tokens, userinfo) get the same cap as the HTTP client.
 */
export async function readTextCapped(response: Response, maxBytes: number, provider: string): Promise<string> {
  const host = new URL(response.url || "http://the-provider").host;
  const announced = Number(response.headers.get("content-length"));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw bodyTooLarge(provider, host, maxBytes);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(provider, host, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
